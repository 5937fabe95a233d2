FROM python:3.12-slim AS api
WORKDIR /app
# expect: DKR005
COPY . .
RUN pip install --no-cache-dir -r requirements.txt
FROM golang:1.22 AS tools
# expect: DKR005
ADD ./ /src/
WORKDIR /src
RUN --mount=type=cache,target=/go/pkg/mod go mod download
