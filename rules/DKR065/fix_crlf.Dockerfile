FROM debian:12-slim
RUN apt-get update && apt purge -y curl
