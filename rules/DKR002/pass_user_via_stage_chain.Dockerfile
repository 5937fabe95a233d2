FROM node:20-slim AS base
USER node
FROM base AS runtime
COPY --chown=node:node . /app
