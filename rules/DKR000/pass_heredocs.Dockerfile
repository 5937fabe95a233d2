# syntax=docker/dockerfile:1.7
ARG BASE=alpine:3.20
FROM ${BASE} AS build
RUN --mount=type=cache,target=/var/cache/apk <<EOF
set -e
apk add --no-cache curl
EOF
COPY <<-EOT /etc/motd
	hello
	EOT
RUN <<A cat > /a && <<"B" cat > /b
a
A
b $HOME
B
FROM scratch
COPY --from=build /a /a
