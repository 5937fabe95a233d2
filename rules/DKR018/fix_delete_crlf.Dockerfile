FROM python:3.12-slim
# the first try
CMD ["python", "app.py"]
HEALTHCHECK --interval=5s \
    CMD curl -f http://localhost/ || exit 1
ENTRYPOINT ["tini", "--"]
HEALTHCHECK CMD python -c "print(1)"
CMD ["gunicorn", "app:app"]
