FROM debian:12-slim
RUN apt-get update && apt-get purge -y curl
