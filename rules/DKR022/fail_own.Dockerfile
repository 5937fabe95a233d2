FROM node:20-slim AS app
# expect: DKR022:6
COPY --from=App /usr/src /srv
FROM alpine:3.20
# expect: DKR022:6
COPY --from=1 /a /b
