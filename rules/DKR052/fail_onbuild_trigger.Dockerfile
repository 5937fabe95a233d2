FROM debian:12-slim
# expect: DKR052:13
ONBUILD RUN sudo make install
FROM alpine:3.20
# expect: DKR052:15
onbuild   run sudo make install
