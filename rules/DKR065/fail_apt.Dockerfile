FROM debian:12-slim
RUN apt update && apt install -y curl
# expect: DKR065@2:5 DKR065@2:19
