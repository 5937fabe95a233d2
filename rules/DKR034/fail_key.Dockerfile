FROM alpine:3.20
# expect: DKR034:7 DKR034:30 DKR034:45
LABEL Maintainer_Name="Jane" com.docker.x=1 a..b=2
