# check=skip=StageNameCasing
FROM alpine:3.20
# expect: DKR049@4:1 DKR049@6:1 DKR049@8:1 DKR049@9:1
# hadolint ignore=DL3018
RUN apk add --no-cache curl
# deploylint: ignore[DKR017] legacy image
MAINTAINER x
# trivy:ignore:DS-0001
# hadolint global ignore=DL3003
# a normal comment about hadolint
