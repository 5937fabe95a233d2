FROM fedora:40
# the build has no terminal
RUN dnf install git && \
    dnf clean all
FROM debian:12-slim
RUN apt-get update && apt-get install --no-install-recommends curl
