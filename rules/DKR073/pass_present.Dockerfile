# the build stage is only copied from; the final stage inherits the base stage's labels
FROM golang:1.22 AS build
RUN go build -o /app ./cmd/app
FROM alpine:3.20 AS base
LABEL org.opencontainers.image.source="https://github.com/example/app"
FROM base
LABEL org.opencontainers.image.revision=$GIT_SHA
COPY --from=build /app /app
