ARG RUNTIME=gcr.io/distroless/nodejs20-debian12
FROM node:20 AS build
# expect: DKR002
FROM ${RUNTIME}
COPY --from=build /app /app
