ARG REGISTRY=ghcr.io
ARG TAG=latest
ARG BASE=${REGISTRY}/acme/base:${TAG}
# expect: DKR001:6
FROM ${BASE} AS build
# expect: DKR001:6
FROM ${REGISTRY}/acme/runtime
