FROM node:20-slim
CMD pm2 start ecosystem.config.js --no-daemon
