FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl # fetch tool
# expect: DKR063@2:31
RUN (apt-get update && apt-get install -y --no-install-recommends jq)
# expect: DKR063@4:32
