FROM alpine:3.20
# expect: DKR037
ENV APP_HOME /srv/app
# expect: DKR037
LABEL description web app
