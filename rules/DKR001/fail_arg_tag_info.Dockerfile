ARG BASE=node
ARG TAG=latest
# expect: DKR001:6
FROM ${BASE} AS deps
# expect: DKR001:6
FROM acme/app:${TAG}
