FROM alpine:3.20
LABEL org.opencontainers.image.authors="Jane" version=1 my-app.tier=web ${KEY}=x
