FROM alpine:3.20
WORKDIR /
WORKDIR /tmp
WORKDIR /usr/src/app
WORKDIR /var/lib/app
WORKDIR /root
