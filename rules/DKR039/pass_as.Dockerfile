FROM golang:1.22 AS build
from golang:1.22 as other
FROM alpine:3.20
