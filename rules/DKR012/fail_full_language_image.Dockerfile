FROM golang:1.22 AS build
RUN go build -o /out/app .
# expect: DKR012:6
FROM python:3.12-bookworm
COPY --from=build /out/app /usr/local/bin/app
