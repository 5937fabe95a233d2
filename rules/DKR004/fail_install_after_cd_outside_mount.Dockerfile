# a bind mount is present, but the install runs in /srv/app, which stays in the image
FROM node:20-slim
COPY package.json yarn.lock /srv/app/
# expect: DKR004:54
RUN --mount=type=bind,target=/tmp/cfg cd /srv/app && yarn install
