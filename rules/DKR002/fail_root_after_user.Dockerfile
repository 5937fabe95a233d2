FROM node:20-slim
USER node
RUN npm ci
# expect: DKR002
USER root:root
