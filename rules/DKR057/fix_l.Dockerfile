FROM debian:12-slim
# service account
RUN groupadd -g 1000000 app \
    && useradd -u 1000000 -g app app \
    && sudo /usr/sbin/useradd --uid=2000000 other
