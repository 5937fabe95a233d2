FROM node:20 AS build
FROM node:20-slim AS runtime
FROM node:20-slim
