FROM node:20-slim AS base
USER node
FROM base AS runtime
COPY --chown=node:node . /app
ARG RUNTIME=gcr.io/distroless/nodejs20-debian12:nonroot
FROM ${RUNTIME}
