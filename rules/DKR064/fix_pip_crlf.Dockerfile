FROM python:3.12-slim
WORKDIR /app
RUN python -m pip install -r requirements.txt \
    && pip3 install gunicorn==22.0.0
