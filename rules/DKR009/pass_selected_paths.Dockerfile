FROM node:20-slim
COPY package.json package-lock.json ./
COPY src/ ./src/
COPY --from=build . /app
