FROM debian:12-slim
RUN apt-get install -y --no-install-recommends curl=7.88.1-10 ./local.deb /tmp/pkg.deb
RUN apt-get install -y -t bookworm-backports golang
RUN apt-get install -y curl/bookworm-backports "git=${GIT_VERSION}" $BUILD_DEPS
RUN apk add --no-cache /tmp/x.apk bash~5.2 --virtual .build-deps
RUN dnf install -y https://example.com/x.rpm ./y.rpm @development-tools
RUN apt-get update && apt-get upgrade -y
