FROM alpine:3.20 AS license-set
FROM scratch AS license-update
# one letter off a stage name: a typo (no compose build here, so an info)
# expect: DKR021:6
COPY --from=license-sat /out /
