FROM alpine:3.20
ARG VERSION=dev
LABEL version=$VERSION description="web app"
