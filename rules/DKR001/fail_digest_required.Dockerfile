# expect: DKR001:6
FROM node:20-slim
