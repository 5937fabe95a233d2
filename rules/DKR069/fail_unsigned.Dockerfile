FROM alpine:3.20
RUN apk add --allow-untrusted /tmp/tool.apk
RUN apt-get install -y --allow-unauthenticated curl && apt-get install -y --force-yes git
RUN yum install -y --nogpgcheck x && rpm -i --nosignature y.rpm && dnf install -y --setopt=gpgcheck=0 z
# expect: DKR069@2:13 DKR069@3:24 DKR069@3:75 DKR069@4:20 DKR069@4:45 DKR069@4:83
