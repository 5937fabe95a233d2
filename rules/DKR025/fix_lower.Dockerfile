FROM golang:1.22 AS Build
RUN go build -o /out/app .

FROM Build AS Test
RUN go test ./...

FROM alpine:3.20
COPY --from=Build /out/app /usr/local/bin/app
COPY --from=build /out/app /app
