FROM alpine:3.20
# expect: DKR047:9
WORKDIR /usr/bin
# expect: DKR047:9
WORKDIR "/etc/"
