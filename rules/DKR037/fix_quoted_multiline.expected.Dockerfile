FROM php:8.3-alpine
LABEL maintainer="Jane Doe <jane@example.com>"
ENV LANG="en_US.UTF-8"
ENV PHPIZE_DEPS="autoconf \
# tools
		dpkg-dev \
		file"
ENV JAVA_HOME=C:\\openjdk-17
ENV GREETING="hello  there	you"
ENV SINGLE='it''s'
