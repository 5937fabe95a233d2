ARG NODE_VERSION=20.11
ARG DISTROLESS
FROM node:${NODE_VERSION}-bookworm-slim AS build
FROM build AS test
FROM scratch AS empty
FROM ${DISTROLESS}
FROM gcr.io/distroless/nodejs20-debian12@sha256:1d3b8a2a9f1c4e5d6b7a8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f
FROM localhost:5000/app:1.2
