FROM python:3.12
RUN wget --progress=dot:giga https://example.com/a.tar.gz
FROM debian:12-slim
RUN apt-get update && apt-get install -y wget \
    && wget --progress=dot:giga -O /tmp/x https://example.com/x
RUN sudo wget --progress=dot:giga https://example.com/b.tar.gz
