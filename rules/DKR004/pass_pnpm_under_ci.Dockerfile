FROM node:20-slim AS deps
RUN npm install -g pnpm@9
COPY package.json pnpm-lock.yaml ./
# pnpm defaults to --frozen-lockfile when CI is set
RUN CI=1 pnpm install
FROM node:20-slim
ENV CI=true
RUN npm install -g pnpm@9
COPY package.json pnpm-lock.yaml ./
RUN pnpm install --prod
