FROM python:3.12-slim AS base
# expect: DKR030:23
COPY requirements.txt .
FROM base
# expect: DKR030:8
COPY . app/
