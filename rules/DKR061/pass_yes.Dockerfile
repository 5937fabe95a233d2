FROM debian:12-slim
RUN apt-get update && apt-get install -y curl && apt-get -qq install git && apt-get install --yes vim
RUN yum install -y httpd && dnf -y install nginx && zypper -n install vim && zypper install -y tar
RUN yes | apt-get install wget
RUN apk add curl && microdnf install tar
RUN apt-get install --quiet --quiet python3 && apt-get -q -q install make && apt-get -q --quiet install gcc
