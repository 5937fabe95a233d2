FROM node:20-alpine AS build
WORKDIR /app
COPY . .
RUN npm ci && npm run build

FROM node:lts-slim
WORKDIR /app
COPY --from=build /app/dist ./dist
COPY package.json package-lock.json ./
# production dependencies only
RUN npm ci --omit=dev --no-audit
CMD ["node", "dist/main.js"]
