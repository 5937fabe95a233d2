FROM python:3.12-slim
ENTRYPOINT ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]
