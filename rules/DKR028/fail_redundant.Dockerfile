# expect: DKR028:6
FROM --platform=$TARGETPLATFORM alpine:3.20
# expect: DKR028:6
FROM --platform=${TARGETPLATFORM} alpine:3.20 AS b
