FROM node:20 AS build
RUN npm ci && npm run build
FROM node:20-slim
COPY --from=build /app/dist /app
