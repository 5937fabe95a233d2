FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json yarn.lock pnpm-lock.yaml ./
# expect: DKR004:5
RUN npm install
# expect: DKR004:31
RUN npm ci --omit=dev && sudo npm i --no-audit
# expect: DKR004:5 DKR004:26
RUN yarn --production && yarn install
RUN <<EOF
set -e
# expect: DKR004
pnpm install
EOF
