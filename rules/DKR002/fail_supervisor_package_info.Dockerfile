# the image installs cron and its entrypoint script starts it: cron starts as root by design
# expect: DKR002
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends cron && rm -rf /var/lib/apt/lists/*
COPY start-jobs.sh /start-jobs.sh
ENTRYPOINT ["/start-jobs.sh"]
