FROM alpine:3.20
# a RUN that already chains its commands was split from its neighbours on purpose
RUN apk add --no-cache curl=8.9.1-r0 && curl --version
RUN mkdir -p /app
RUN cd /src; make
RUN make install
