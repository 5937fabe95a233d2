# no fix: Yarn 2+ (Plug'n'Play) keeps the installed packages in its cache
FROM node:20-slim
RUN corepack enable
COPY package.json yarn.lock .yarnrc.yml ./
# expect: DKR064:5
RUN yarn install
