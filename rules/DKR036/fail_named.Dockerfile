FROM python:3.12-slim AS build
USER builder
FROM python:3.12-slim
RUN useradd --uid 10001 app
# expect: DKR036
USER app:app
