ARG TAG
ARG BASE
# expect: DKR042:6
FROM alpine:${TAG}
# expect: DKR042:6
FROM ${BASE}
# expect: DKR042:6
FROM ${BASE}/app:1
