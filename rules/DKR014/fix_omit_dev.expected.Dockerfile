FROM node:20-slim
COPY package*.json ./
# only what runs in production
RUN npm ci --omit=dev
RUN npm prune --omit=dev
