FROM golang:1.22
RUN <<EOF
set -e
# expect: DKR011
go build -o /bin/app ./cmd/app
EOF
