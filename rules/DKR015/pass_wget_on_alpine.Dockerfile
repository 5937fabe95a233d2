FROM node:20-alpine
HEALTHCHECK CMD wget -q --spider http://localhost:3000/health || exit 1
