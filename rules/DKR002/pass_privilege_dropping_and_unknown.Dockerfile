ARG RUNTIME_IMAGE
FROM postgres:16 AS db
FROM ${RUNTIME_IMAGE}
FROM mcr.microsoft.com/windows/servercore:ltsc2022
