FROM alpine:3.20
# expect: DKR000
RUNN echo typo
# expect: DKR000:6
COPY --chwon=app:app . /app
