FROM nginx:1.27 AS web
# a 500 answer still exits 0
# expect: DKR072:17
HEALTHCHECK CMD curl --silent http://localhost/ || exit 1
FROM nginx:1.27
# expect: DKR072:18
HEALTHCHECK CMD ["curl", "-sS", "http://localhost/health"]
