FROM golang:1.22 AS build
RUN go build ./...
from alpine:3.20 as run
COPY --from=build /go/bin/app /app
