FROM alpine:3.20
# who to ask
LABEL org.opencontainers.image.authors="Jane \"JD\" Doe <jane@example.com>"
RUN true
