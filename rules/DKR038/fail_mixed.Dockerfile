FROM alpine:3.20
# expect: DKR038
run apk add --no-cache curl
# expect: DKR038
Copy a /a
WORKDIR /app
