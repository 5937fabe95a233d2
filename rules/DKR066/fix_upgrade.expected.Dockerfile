FROM debian:12-slim
RUN apt-get update \
    && apt-get upgrade -y \
    && apt upgrade -y
