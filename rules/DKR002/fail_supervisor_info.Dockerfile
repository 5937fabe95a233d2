# expect: DKR002
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends runit nginx
COPY services/ /etc/service/
CMD ["runsvdir", "-P", "/etc/service"]
