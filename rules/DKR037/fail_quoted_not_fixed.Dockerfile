FROM alpine:3.20
# expect: DKR037
ENV TITLE "my app"
