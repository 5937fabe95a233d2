FROM debian:12-slim AS a
SHELL ["/usr/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/app.tar.gz | tar -xz -C /opt
FROM alpine:3.20 AS b
SHELL ["/bin/ash", "-eo", "pipefail", "-c"]
RUN wget -qO- https://example.com/x | tar -x
FROM debian:12-slim
RUN set -o pipefail && curl -fsSL https://example.com/x | tar -x
RUN echo "a b" | sort
RUN <<EOF
set -euo pipefail
curl -fsSL https://example.com/x | tar -x
EOF
FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command"]
RUN Get-Content a | Select-Object -First 1
FROM mcr.microsoft.com/dotnet/runtime:9.0-windowsservercore-ltsc2025
RUN powershell -Command Get-Content a ^| Select-Object -First 1
