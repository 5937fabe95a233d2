FROM node:20-slim AS build
RUN npm ci
FROM node:20-slim
WORKDIR /app
COPY --from=build /app/dist ./dist
COPY package.json package-lock.json ./
# expect: DKR006:5
RUN npm ci
CMD ["npm", "start"]
