FROM alpine:3.20
RUN mkdir -p /app
COPY . /app
RUN apk add --no-cache a && apk add --no-cache b && rm -rf /tmp/x
RUN echo one
RUN --mount=type=cache,target=/root/.cache echo two
RUN <<EOT
echo heredoc
EOT
RUN echo three
