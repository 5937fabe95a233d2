FROM alpine:3.20
# who to ask
MAINTAINER Jane "JD" Doe <jane@example.com>
RUN true
