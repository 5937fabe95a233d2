# no fix: a build step needs the devDependencies, npm 6 ignores --omit, yarn's flag depends on its version
FROM node:14
WORKDIR /app
COPY package.json package-lock.json ./
# expect: DKR006:5
RUN npm ci
# expect: DKR006:5
RUN yarn install --frozen-lockfile
COPY . .
# expect: DKR006:5
RUN npm ci && npm run build
CMD ["node", "dist/main.js"]
