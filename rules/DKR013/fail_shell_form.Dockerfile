FROM node:20-slim AS build
CMD npm test
FROM node:20-slim
# expect: DKR013
ENTRYPOINT node \
  server.js
# expect: DKR013
CMD python -m http.server 8080
