FROM python:3.12-slim AS app
ADD https://example.com/s6-overlay-noarch.tar.xz /tmp/
# expect: DKR002
FROM app
COPY rootfs/ /
ENTRYPOINT ["/init"]
