FROM fedora:40
RUN dnf install -y nginx && dnf clean all
# built as a user with sudo
RUN sudo yum install -y tar && \
    yum install -y gzip && \
    sudo yum clean all
RUN zypper -n in vim && zypper clean --all
RUN apk add --no-cache --virtual .build curl
RUN microdnf install -y tar \
    && echo done \
    && microdnf clean all
