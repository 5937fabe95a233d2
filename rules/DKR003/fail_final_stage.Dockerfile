FROM node:20-slim AS build
HEALTHCHECK CMD ["node", "check.js"]
# expect: DKR003
FROM node:20-slim
USER node
