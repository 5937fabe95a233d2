FROM node:20-slim
WORKDIR /app
COPY package*.json ./
RUN npm ci --omit=dev && npm cache clean --force
# the build tools go too
RUN apt-get update \
    && npm install -g pm2@5.4.2 \
    && apt-get purge -y make \
    && npm cache clean --force
RUN npm ci --omit=dev && \
    npm run build && \
    npm cache clean --force
