FROM alpine:3.20
# expect: DKR000:5
RUN <<EOF
echo no end marker
