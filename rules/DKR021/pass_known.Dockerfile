ARG SRC=build
FROM golang:1.22 AS Build
RUN go build -o /out/app .
FROM gcr.io/distroless/static
COPY --from=build /out/app /app
COPY --from=0 /out/app /app2
COPY --from=nginx:1.27 /etc/nginx/nginx.conf /etc/
COPY --from=ghcr.io/org/tool /bin/tool /bin/
COPY --from=$SRC /out /out
COPY --link --from=later /x /y
FROM alpine:3.20 AS later
