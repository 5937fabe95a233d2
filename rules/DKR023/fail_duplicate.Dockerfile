FROM node:20 AS build
# expect: DKR023:22
FROM node:20-slim AS Build
