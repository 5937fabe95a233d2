# expect: DKR027:6
FROM --platform=linux/amd64 node:20-slim
# expect: DKR027:6
FROM --platform=linux/arm64 golang:1.22 AS build
