FROM alpine:3.20
RUN apk add --no-cache curl && apt-get install -y git && rpm --import https://example.com/key
