# every manifest install the package-install model knows counts: `python -m pip`, `pip3.12`,
# `uv pip`, and bundler under its other name
FROM python:3.12-slim AS api
WORKDIR /app
# expect: DKR005@6:1
COPY . .
RUN python3 -m pip install --no-cache-dir -r requirements.txt
FROM python:3.12-slim AS uv
# expect: DKR005@10:1
COPY . /app
RUN uv pip install --system -r /app/requirements.txt
FROM ruby:3.3-slim AS web
# expect: DKR005@14:1
COPY . /srv
RUN cd /srv && bundler install
