FROM node:20-slim AS app
WORKDIR /app
COPY . .
# expect: DKR080:6
CMD ["pm2", "start", "ecosystem.config.js"]

FROM app
# expect: DKR080:33
ENTRYPOINT npm run build && npx pm2 start server.js -i max
