FROM node:20-slim
ENTRYPOINT ["node"]
CMD ["server.js"]
FROM node:20-slim AS other
CMD exec node server.js
