# a program as ENTRYPOINT that listens on a port is a service, and it runs as root
# expect: DKR002
FROM debian:12-slim
COPY build/api-server /usr/local/bin/api-server
EXPOSE 8080
ENTRYPOINT ["api-server"]
