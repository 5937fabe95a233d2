FROM alpine:3.20
RUN mkdir -p /app
# a comment does not break the sequence
RUN chown 1000 /app
RUN --mount=type=cache,target=/root/.cache true
RUN --mount=type=cache,target=/root/.cache echo hi
# expect: DKR050@4:1 DKR050@6:1
