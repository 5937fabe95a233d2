FROM alpine:3.20
LABEL org.opencontainers.image.source="https://e.com/a" extra="x"
