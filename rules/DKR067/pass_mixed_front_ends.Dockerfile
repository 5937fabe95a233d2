FROM debian:12-slim
# apt and apt-get share one index: this RUN updates and installs
RUN apt update && apt-get install -y --no-install-recommends curl
RUN apt-get update && apt install -y --no-install-recommends wget
RUN apt-get update && apt-get build-dep -y hello
FROM rockylinux:9
RUN yum makecache && dnf install -y tar
