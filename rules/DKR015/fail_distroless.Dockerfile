FROM golang:1.22 AS build
FROM gcr.io/distroless/static-debian12:nonroot
# expect: DKR015:18
HEALTHCHECK CMD ["/usr/bin/wget", "-q", "http://localhost/"]
