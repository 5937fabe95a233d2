FROM node:20-slim
RUN npm ci && npm run build && npm prune --omit=dev
