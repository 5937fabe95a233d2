FROM node:20-slim AS build
RUN npm ci
FROM node:20-slim
# expect: DKR007:5
RUN npm ci --omit=dev
# expect: DKR007:23
RUN apt-get update && npm install -g pm2@5
