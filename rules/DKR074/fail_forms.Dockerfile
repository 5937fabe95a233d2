FROM alpine:3.20
# expect: DKR074:14
LABEL source="github.com/example/app"
# expect: DKR074:15
LABEL created="2024-05-01"
# expect: DKR074:16 DKR074@8:16 DKR074@9:15 DKR074@10:18
LABEL licenses="MIT or Apache-2.0"
LABEL revision="not-a-hash"
LABEL version="v1.2"
LABEL maintainer="ops team"
