FROM python:3.12-slim
ADD https://example.com/tool.tar.gz /tmp/
ADD rootfs.tar.xz /
ADD git@github.com:org/repo.git /src
ADD --checksum=sha256:0000000000000000000000000000000000000000000000000000000000000000 https://e.com/x /x
ADD $URL /x
COPY requirements.txt /app/
