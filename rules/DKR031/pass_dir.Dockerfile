FROM alpine:3.20
COPY package.json package-lock.json /app/
COPY --link a.txt /srv
COPY a b $DEST
COPY <<one /etc/one
x
one
COPY *.json /app
