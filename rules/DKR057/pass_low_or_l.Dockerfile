FROM debian:12-slim
RUN useradd -l -u 1000000 app && useradd --no-log-init -u 2000000 b && useradd -u 10001 c && useradd -u $UID d
