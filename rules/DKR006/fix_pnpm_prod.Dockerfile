FROM node:22
WORKDIR /app
COPY package.json pnpm-lock.yaml ./
RUN corepack enable \
    && pnpm install --frozen-lockfile
COPY . .
CMD ["pnpm", "start"]
