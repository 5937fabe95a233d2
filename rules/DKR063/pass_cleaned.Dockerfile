FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
RUN --mount=type=cache,target=/var/lib/apt/lists --mount=type=cache,target=/var/cache/apt \
    apt-get update && apt-get install -y git
RUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y vim
RUN apk add --no-cache curl && apk add wget && rm -rf /var/cache/apk/*
RUN yum install -y httpd && yum clean all
RUN dnf install -y nginx && dnf clean all && zypper -n in vim && zypper clean -a
RUN microdnf install -y tar && microdnf clean all
