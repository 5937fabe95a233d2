FROM golang:1.22 AS build
RUN go build -o /out/app .
FROM gcr.io/distroless/static
# expect: DKR021:6
COPY --from=biuld /out/app /app
# expect: DKR021:6
COPY --from=5 /out/app /app2
# expect: DKR021:6
COPY --from=1 /x /y
