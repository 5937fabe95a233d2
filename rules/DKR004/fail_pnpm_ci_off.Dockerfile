FROM node:20-slim
RUN npm install -g pnpm@9
COPY package.json pnpm-lock.yaml ./
# CI=false is not CI, and --no-frozen-lockfile turns the default off
# expect: DKR004:14
RUN CI=false pnpm install
ENV CI=1
# expect: DKR004:5
RUN pnpm install --no-frozen-lockfile
