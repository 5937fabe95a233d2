FROM python:3.12-slim
WORKDIR /app
RUN python -m pip install --no-cache-dir -r requirements.txt \
    && pip3 install --no-cache-dir gunicorn==22.0.0
