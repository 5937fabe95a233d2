FROM debian:12-slim
ARG VERSION=1.0
ENV APP_HOME=/srv/app
RUN echo "$HOME"/*.txt && cp "$VERSION" "$APP_HOME"
# hadolint ignore=SC2086
RUN echo $HOME
RUN <<EOF
# shellcheck disable=SC2045
for f in $(ls /tmp); do echo "$f"; done
EOF
FROM alpine:3.20
RUN set -o pipefail && wget -qO- https://e.com/x | tar -x
