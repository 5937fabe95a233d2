FROM golang:1.22 AS build-2
FROM golang:1.22
