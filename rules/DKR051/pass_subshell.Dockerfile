FROM alpine:3.20
WORKDIR /app
RUN (cd src && make) && make install
RUN x=$(cd /tmp && pwd) && echo "$x"
