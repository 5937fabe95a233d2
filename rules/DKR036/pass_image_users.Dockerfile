FROM node:20-slim AS build
USER builder
FROM node:20-slim
USER node
