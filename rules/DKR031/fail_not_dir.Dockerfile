FROM alpine:3.20
# expect: DKR031:37
COPY package.json package-lock.json /app
# expect: DKR031:33
COPY --link --chown=1:1 a.txt b /srv
# expect: DKR031:18
COPY <<one <<two /etc
x
one
y
two
# expect: DKR031:25
COPY ["a.txt", "b.txt", "/dst"]
