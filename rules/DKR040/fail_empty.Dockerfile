FROM alpine:3.20
RUN apk add --no-cache \
# expect: DKR040@4:1

    curl
