FROM fedora:40
RUN dnf install -y nginx
# built as a user with sudo
RUN sudo yum install -y tar && \
    yum install -y gzip
RUN zypper -n in vim
RUN apk add --virtual .build curl
RUN microdnf install -y tar \
    && echo done
