FROM alpine:3.20
COPY app.tar.gz vendor/lib.tgz /tmp/
RUN tar -xzf /tmp/app.tar.gz -C /opt && tar xf /tmp/lib.tgz --extract && rm /tmp/*.tgz
# expect: DKR071@3:5 DKR071@3:41
