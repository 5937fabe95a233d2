FROM debian:12-slim
RUN apt upgrade -y && apt search curl
# expect: DKR065@2:5 DKR065@2:23
