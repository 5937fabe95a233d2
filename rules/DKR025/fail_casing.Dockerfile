# expect: DKR025:21
FROM golang:1.22 AS Build
