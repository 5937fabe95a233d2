FROM fedora:40
# a cache or tmpfs mount over the cache folder keeps it out of the layer
RUN --mount=type=cache,target=/var/cache/libdnf5 dnf install -y httpd-2.4.57
RUN --mount=type=tmpfs,target=/var/cache dnf install -y httpd-2.4.57
RUN dnf install -y httpd-2.4.57 && rm -rf /var/cache/yum/*
RUN dnf install -y httpd-2.4.57 && microdnf clean all
FROM opensuse/leap:15.6
RUN --mount=type=tmpfs,target=/var/cache/zypp zypper -n install curl=8.0
RUN zypper -n install curl=8.0 && zypper cc
FROM alpine:3.20
RUN --mount=type=tmpfs,target=/var/cache/apk apk add -U curl=8.9.1-r0
