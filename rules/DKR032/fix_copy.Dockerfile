FROM python:3.12-slim
# the app and its settings
ADD requirements.txt /app/
ADD --chown=1000:1000 src/ conf.yml /app/
add ./static /app/static
