FROM alpine:3.20 AS base
# expect: DKR016:9
WORKDIR "src"
FROM base
# expect: DKR016:9
WORKDIR lib
