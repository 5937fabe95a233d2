# expect: DKR039:18
FROM golang:1.22 as build
# expect: DKR039:18
from golang:1.22 AS other
