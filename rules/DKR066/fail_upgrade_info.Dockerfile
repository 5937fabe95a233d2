FROM debian:12-slim
RUN apt-get update && apt-get dist-upgrade -y && apt full-upgrade -y
RUN zypper -n dup
# expect: DKR066@2:31 DKR066@2:54 DKR066@3:15
