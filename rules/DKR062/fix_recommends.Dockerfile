FROM debian:12-slim
# tools for the health check
RUN apt-get update \
    && apt-get -q install -y curl ca-certificates \
    && sudo apt-get install "jq"
