FROM alpine:3.20
RUN cd /app && make
RUN sudo cd /x; ls
# expect: DKR051@2:5 DKR051@3:10
