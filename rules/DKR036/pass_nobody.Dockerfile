FROM gcr.io/distroless/static:nonroot
USER nonroot
FROM alpine:3.20
USER nobody
