FROM node:20-alpine
# expect: DKR015:17
HEALTHCHECK CMD curl -f http://localhost:3000/health || exit 1
