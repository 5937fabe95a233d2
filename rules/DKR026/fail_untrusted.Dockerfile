ARG REGISTRY=quay.io
# expect: DKR026:6
FROM python:3.12-slim
# expect: DKR026:6
FROM ${REGISTRY}/org/app:1.0
FROM registry.example.com/base/python:3.12
FROM mirror.gcr.io/library/python:3.12
