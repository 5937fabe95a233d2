FROM python:3.12-slim AS build
# expect: DKR018
CMD ["a"]
CMD ["b"]
FROM python:3.12-slim
# expect: DKR018
ENTRYPOINT ["x"]
# expect: DKR018
HEALTHCHECK CMD true
# expect: DKR018
ENTRYPOINT ["y"]
HEALTHCHECK NONE
ENTRYPOINT ["z"]
