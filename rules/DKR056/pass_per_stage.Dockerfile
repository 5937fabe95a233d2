FROM debian:12-slim AS build
RUN wget -q https://example.com/b.tgz
FROM debian:12-slim
RUN curl -fsSLO https://example.com/a.tgz
