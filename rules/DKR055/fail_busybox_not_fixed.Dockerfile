# no fix: BusyBox wget (Alpine's) has no --progress
FROM alpine:3.20
# expect: DKR055:5
RUN wget https://example.com/app.tar.gz
FROM debian:12-slim
# expect: DKR055:5
RUN wget https://example.com/app.tar.gz && apt-get install -y wget
