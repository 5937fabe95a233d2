FROM --platform=$BUILDPLATFORM golang:1.22 AS build
RUN go build -o /app .
FROM --platform=$TARGETPLATFORM   alpine:3.20 AS run
COPY --from=build /app /app
FROM --platform=${TARGETPLATFORM} alpine:3.20
