FROM ubuntu:24.04
RUN sudo apt-get update && sudo -u app make
# expect: DKR052@2:5
