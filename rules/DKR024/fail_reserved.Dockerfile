# expect: DKR024:21
FROM alpine:3.20 AS scratch
# expect: DKR024:21
FROM alpine:3.20 as Context
