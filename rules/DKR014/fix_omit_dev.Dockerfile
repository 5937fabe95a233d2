FROM node:20-slim
COPY package*.json ./
# only what runs in production
RUN npm ci --only=production
RUN npm prune --production
