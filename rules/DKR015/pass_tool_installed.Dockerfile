FROM node:20-alpine
RUN apk add --no-cache curl
HEALTHCHECK CMD ["curl", "-f", "http://localhost:3000/health"]
