FROM node:20-slim
WORKDIR /app
COPY . .
# expect: DKR011:15
RUN npm ci && npm run build
CMD ["node", "dist/server.js"]
