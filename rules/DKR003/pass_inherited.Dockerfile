FROM nginx:1.27-alpine AS base
HEALTHCHECK --interval=30s CMD wget -qO- http://127.0.0.1/ || exit 1
FROM base
COPY site/ /usr/share/nginx/html/
