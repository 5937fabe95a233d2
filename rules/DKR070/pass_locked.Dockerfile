FROM ubuntu:24.04
RUN useradd --uid 10001 --no-create-home app && usermod -p '!' app && passwd -l root
