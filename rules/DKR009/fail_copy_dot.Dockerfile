FROM node:20-slim AS build
WORKDIR /app
# expect: DKR009
COPY . .
FROM nginx:1.27-alpine
COPY --from=build /app/dist /usr/share/nginx/html
# expect: DKR009
ADD ./ /srv/
