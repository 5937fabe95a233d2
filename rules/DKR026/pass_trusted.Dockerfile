ARG BASE
FROM registry.example.com/base/python:3.12 AS build
FROM build
FROM scratch
FROM ${BASE}
FROM python:3.12
