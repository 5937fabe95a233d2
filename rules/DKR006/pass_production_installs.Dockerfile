FROM node:20-slim AS build
RUN npm ci && npm run build
FROM node:20-slim AS prod
ENV NODE_ENV=production
RUN npm ci
FROM node:20-slim
RUN npm ci --omit=dev && NODE_ENV=production yarn install --frozen-lockfile
RUN npm ci --only=production && pnpm install --prod --frozen-lockfile
