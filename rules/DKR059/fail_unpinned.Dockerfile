FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10 git \
    ca-certificates
RUN apk add --no-cache bash=5.2.26-r0 jq
RUN dnf install -y httpd-2.4.57 nginx && yum install -y @core vim
RUN zypper -n install curl=8.0 wget && microdnf install -y tar
# expect: DKR059@2:81
