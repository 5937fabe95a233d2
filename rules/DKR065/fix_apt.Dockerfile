FROM debian:12-slim
# keep this comment
RUN apt update \
    && sudo apt install -y curl \
    && apt-cache policy curl
