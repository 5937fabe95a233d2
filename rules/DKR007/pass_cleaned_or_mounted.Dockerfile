FROM node:20-slim
RUN npm ci --omit=dev && npm cache clean --force
RUN --mount=type=cache,target=/root/.npm npm install -g pm2@5
RUN --mount=type=cache,target=/home/node/.npm,uid=1000 npm ci
