FROM python:3.12-slim
# the first try
ENTRYPOINT ["tini", "--"]
HEALTHCHECK CMD python -c "print(1)"
CMD ["gunicorn", "app:app"]
