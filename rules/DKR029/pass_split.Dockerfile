FROM alpine:3.20
ENV APP_HOME=/srv/app
ENV APP_BIN=$APP_HOME/bin PATH=$PATH:/x
ENV A=1 B='$A' C=\$A
