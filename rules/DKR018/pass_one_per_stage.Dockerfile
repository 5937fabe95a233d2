FROM python:3.12-slim AS build
CMD ["a"]
FROM python:3.12-slim
CMD ["b"]
ENTRYPOINT ["tini", "--"]
HEALTHCHECK CMD ["true"]
