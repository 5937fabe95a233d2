FROM alpine:3.20
# expect: DKR029:31
ENV APP_HOME=/srv/app APP_BIN=$APP_HOME/bin
# expect: DKR029@6:7
ENV A=1 \
    B=${A}x
