FROM debian:12-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && curl --version \
    && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get install -y --no-install-recommends jq && rm -rf /var/lib/apt/lists/*
