FROM alpine:3.20
# no fix: several words with quotes, a comment between name and value
# expect: DKR037
ENV TITLE "my" app
# expect: DKR037
ENV DEPS \
# the build tools
    gcc make
