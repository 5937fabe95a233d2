from alpine:3.20
RUN apk add --no-cache curl
workdir /app
Onbuild copy . .
cmd ["sh"]
