FROM node:20-slim
# expect: DKR013
CMD node server.js --port $PORT
