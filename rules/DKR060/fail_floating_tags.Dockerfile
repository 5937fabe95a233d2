# a dist-tag moves with every release: x@latest is no pin
FROM node:20-slim
RUN npm install -g typescript@latest @nestjs/cli@next pm2@5.4.2
# expect: DKR060@3:20 DKR060@3:38
