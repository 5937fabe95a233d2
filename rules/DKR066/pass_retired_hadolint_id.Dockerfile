FROM debian:12-slim
# hadolint's old id for this check, still carried by many Dockerfiles
# hadolint ignore=DL3005
RUN apt-get update && apt-get dist-upgrade -y
