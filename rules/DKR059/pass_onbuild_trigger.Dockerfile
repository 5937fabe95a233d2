FROM debian:12-slim
ONBUILD RUN apt-get install -y --no-install-recommends curl=7.88.1-10
ONBUILD COPY . /src
