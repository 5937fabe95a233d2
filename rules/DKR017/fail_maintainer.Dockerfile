FROM alpine:3.20
# expect: DKR017
MAINTAINER Jane Doe <jane@example.com>
