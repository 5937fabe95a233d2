FROM debian:12-slim
# keep this comment
RUN apt-get update \
    && sudo apt-get install -y curl \
    && apt-cache policy curl
