FROM alpine:3.20
COPY .env /app/
