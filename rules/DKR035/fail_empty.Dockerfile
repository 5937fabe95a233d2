FROM alpine:3.20
# expect: DKR035:7 DKR035:18
LABEL version="" description=
