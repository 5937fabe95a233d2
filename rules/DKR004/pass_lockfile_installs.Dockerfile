FROM node:20-slim
RUN npm ci && npm install -g pnpm@9 && npm install express@4
RUN --mount=type=cache,target=/root/.yarn yarn install --frozen-lockfile
RUN yarn install --immutable && pnpm install --frozen-lockfile
RUN echo "npm install" > /notes.txt
RUN yarn --version && npm --version
