FROM node:20-slim AS build
RUN npm install -g pm2 && pm2 start --help
CMD ["pm2", "start", "build.js"]

FROM node:20-slim
RUN npm install -g pm2
CMD ["pm2-runtime", "start", "ecosystem.config.js", "--env", "production"]
