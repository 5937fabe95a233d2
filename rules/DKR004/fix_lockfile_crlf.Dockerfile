FROM node:20-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# the lockfile decides
RUN npm install --no-audit \
    && npm i

FROM node:20-slim
WORKDIR /srv
COPY pnpm-lock.yaml /srv/pnpm-lock.yaml
COPY package.json ./
RUN corepack enable && pnpm install
