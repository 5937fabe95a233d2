FROM alpine:3.20
# expect: DKR016:9
WORKDIR app
WORKDIR /srv
WORKDIR data
