FROM python:3.12-slim
# expect: DKR032
ADD requirements.txt /app/
# expect: DKR032
ADD --chown=1:1 src/ conf.yml /app/
