FROM python:3.12-slim
# the app and its settings
COPY requirements.txt /app/
COPY --chown=1000:1000 src/ conf.yml /app/
copy ./static /app/static
