FROM node:20-slim AS deps
# expect: DKR006:42
RUN --mount=type=cache,target=/root/.npm npm install
FROM deps
CMD ["node", "server.js"]
