FROM golang:1.22 AS build
RUN go build -o /out/app .
FROM gcr.io/distroless/static
# expect: DKR033:19
COPY --from=build / /
# expect: DKR033:15
COPY --from=0 / /opt/
