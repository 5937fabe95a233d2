FROM alpine:3.20 AS license-set
FROM scratch AS license-update
# expect: DKR021:6
COPY --from=set /out /
