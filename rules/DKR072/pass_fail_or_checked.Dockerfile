FROM nginx:1.27 AS a
HEALTHCHECK CMD curl -fsS http://localhost/ || exit 1
FROM nginx:1.27 AS b
HEALTHCHECK --interval=10s CMD ["curl", "--fail-with-body", "http://localhost/"]
FROM nginx:1.27 AS c
# the output is checked by grep
HEALTHCHECK CMD curl -s http://localhost/health | grep -q '"status":"ok"'
FROM nginx:1.27 AS d
HEALTHCHECK CMD test "$(curl -s -o /dev/null -w '%{http_code}' http://localhost/)" = 200
FROM nginx:1.27 AS e
HEALTHCHECK CMD ["CMD-SHELL", "curl --fail http://localhost/ || exit 1"]
FROM nginx:1.27
HEALTHCHECK CMD wget -q --spider http://localhost/ || exit 1
