FROM golang:1.22 AS build
RUN go build -o /app ./cmd/app
# the tools stage is built only with --target, so it is an image of its own
# expect: DKR073
FROM alpine:3.20 AS tools
# expect: DKR073
FROM alpine:3.20
LABEL org.opencontainers.image.source="https://github.com/example/app"
COPY --from=build /app /app
