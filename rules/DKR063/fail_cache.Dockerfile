FROM debian:12-slim AS build
RUN apt-get update && apt-get install -y gcc
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl && apt-get clean
RUN apk add curl
RUN yum install -y httpd && dnf install -y nginx
RUN zypper -n install vim && microdnf install -y tar
# expect: DKR063@4:31 DKR063@5:9 DKR063@6:9 DKR063@6:33 DKR063@7:15 DKR063@7:39
