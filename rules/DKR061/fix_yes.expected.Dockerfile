FROM fedora:40
# the build has no terminal
RUN dnf install -y git && \
    dnf clean all
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl
