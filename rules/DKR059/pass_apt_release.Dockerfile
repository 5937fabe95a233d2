# pkg/release takes the package from one release, as `-t release` does for every package
FROM debian:12-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends git/bookworm-backports curl=7.88.1-10+deb12u8 \
    && rm -rf /var/lib/apt/lists/*
