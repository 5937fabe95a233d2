FROM golang:1.22 AS build
RUN go build -o /bin/app ./cmd/app
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /bin/app /app
