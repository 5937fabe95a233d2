FROM alpine:3.20 AS base
RUN true

From base as first
COPY . /src
