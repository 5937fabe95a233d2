FROM alpine:3.20 AS build
COPY app.tar.gz /tmp/
FROM alpine:3.20
ADD app.tar.gz /opt/
COPY --from=build /tmp/app.tar.gz /tmp/
RUN tar -xzf /tmp/app.tar.gz && tar -czf /tmp/out.tar.gz /opt
COPY data.zip /tmp/
RUN unzip /tmp/data.zip
