FROM alpine:3.20
RUN apk add --no-cache \
    # a comment is fine
    curl

CMD ["x"]
