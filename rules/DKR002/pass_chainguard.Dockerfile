FROM cgr.dev/chainguard/node:latest
COPY . /app
