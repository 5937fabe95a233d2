FROM alpine:3.20 AS base
RUN true

FROM base AS first
COPY . /src
