FROM --platform=$BUILDPLATFORM golang:1.22 AS build
FROM --platform=linux/arm64 alpine:3.20 AS base-arm64
FROM --platform=linux/amd64 alpine:3.20 AS build_amd64
FROM node:20-slim
