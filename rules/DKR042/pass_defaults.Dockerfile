ARG TAG=3.20
ARG REG=ghcr.io
ARG OPT
FROM alpine:${TAG} AS a
FROM ${REG}/org/app:${TAG}
FROM alpine${OPT:+:$OPT}
FROM --platform=$BUILDPLATFORM golang:1.22-${TARGETARCH}
ARG ALPINE_TAG=3.24.1
FROM alpine:"${ALPINE_TAG}" AS quoted
