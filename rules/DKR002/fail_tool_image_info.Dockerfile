# the image wraps one command-line tool: each `docker run` is one invocation, not a service
# expect: DKR002
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends yq=4.30.8+ds1-1 && rm -rf /var/lib/apt/lists/*
ENTRYPOINT ["yq"]
