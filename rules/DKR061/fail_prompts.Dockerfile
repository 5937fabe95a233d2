FROM debian:12-slim
RUN apt-get update && apt-get install curl
RUN yum install httpd && dnf install nginx && zypper install vim
# expect: DKR061@2:31 DKR061@3:9 DKR061@3:30 DKR061@3:54
