FROM golang:1.22 as build
RUN go build ./...
from alpine:3.20 AS run
COPY --from=build /go/bin/app /app
