FROM golang:1.22 AS build
RUN go build -o /out/app .
FROM scratch AS export
COPY --from=build /out/app /app
FROM gcr.io/distroless/static
COPY --from=export / /
COPY --from=build /out/ /
COPY . /
FROM tonistiigi/xx:1.5 AS xx
FROM alpine:3.20
COPY --from=xx / /
COPY --from=gloursdocker/docker / /
