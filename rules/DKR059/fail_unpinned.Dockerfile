FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10 git \
    ca-certificates
RUN apk add --no-cache bash=5.2.26-r0 jq
RUN dnf install -y httpd-2.4.57 nginx && yum install -y @core vim
RUN zypper -n install curl=8.0 wget && microdnf install -y tar
# expect: DKR059@2:81 DKR059@3:5 DKR059@4:39 DKR059@5:33 DKR059@5:63 DKR059@6:32 DKR059@6:60
