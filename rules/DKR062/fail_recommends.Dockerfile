FROM debian:12-slim AS build
RUN apt-get install -y gcc
FROM debian:12-slim
RUN apt-get update && apt-get install -y curl
# expect: DKR062@4:31
