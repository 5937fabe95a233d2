ARG REGISTRY=ghcr.io
# expect: DKR001:6
FROM ${REGISTRY}/acme/runtime AS runtime
# expect: DKR001:6
FROM python:latest
