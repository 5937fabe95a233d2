FROM node:20-slim
# expect: DKR014:12
RUN npm ci --only=production
# expect: DKR014:30
RUN npm install && npm prune --production
