FROM node:20-slim AS deps
FROM node:20-slim AS app
COPY --from=deps /usr/src /srv
COPY --from=0 /a /b
