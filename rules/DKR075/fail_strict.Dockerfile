FROM alpine:3.20
# expect: DKR075:57
LABEL org.opencontainers.image.source="https://e.com/a" org.opencontainers.image.sorce="x"
