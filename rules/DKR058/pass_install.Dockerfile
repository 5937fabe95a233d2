FROM debian:12-slim
RUN apt-get install -y --no-install-recommends vim procps openssh-client
RUN x=$(ps -o pid= -p 1) && echo "$x"
