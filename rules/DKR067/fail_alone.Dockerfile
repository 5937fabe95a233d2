FROM debian:12-slim
RUN apt-get update
RUN apt-get install -y --no-install-recommends curl
RUN apk update
# expect: DKR067@2:5 DKR067@4:5
