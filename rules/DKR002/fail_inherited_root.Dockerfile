FROM python:3.12-slim AS base
RUN useradd app
USER app
# expect: DKR002
USER 0:0
FROM base
CMD ["python", "-m", "app"]
