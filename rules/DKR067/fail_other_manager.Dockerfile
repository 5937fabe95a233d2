FROM debian:12-slim
# apk's install does not use apt's index
# expect: DKR067@4:5
RUN apt update && apk add curl
