FROM alpine:3.20
RUN apk add --no-cache curl=8.9.1-r0 && curl --version
RUN mkdir -p /app
# a single pipeline is one step
# expect: DKR050:1
RUN curl -fsS https://example.com/x | tee /app/x
