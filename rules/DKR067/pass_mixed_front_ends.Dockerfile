FROM debian:12-slim
# apt and apt-get share one index: this RUN updates and installs
RUN apt update && apt-get install -y --no-install-recommends curl
RUN apt-get update && apt install -y --no-install-recommends wget
RUN apt-get update && apt-get build-dep -y hello
FROM rockylinux:9
RUN yum makecache && dnf install -y tar
FROM debian:12-slim
# the script installs with the index this RUN fetched
RUN apt-get update && /bin/bash /tmp/scripts/setup-debian.sh "${USERNAME}"
RUN apt-get update && ./install-deps.sh
RUN apt-get update && bash -c "apt-get install -y ${EXTRA_PACKAGES}"
