# expect: DKR001:6
FROM node AS deps
# expect: DKR001:6
FROM python:latest AS tools
FROM deps
