FROM python:3.12-slim AS base
WORKDIR /app
FROM base
COPY . .
FROM alpine:3.20
COPY a /app/
COPY b $HOME
