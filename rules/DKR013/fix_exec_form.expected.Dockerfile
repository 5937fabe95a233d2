FROM node:20-slim
WORKDIR /app
# start the server
CMD ["node", "--enable-source-maps", "dist/server.js"]
