ARG PYTHON_VERSION=3.12
# expect: DKR041:6
FROM python:${PYTHON_VERSON}-slim
# expect: DKR041:6
FROM node:${NODE}
FROM alpine:3.20
ARG LATE=1
# expect: DKR041:6
FROM alpine:${LATE}
