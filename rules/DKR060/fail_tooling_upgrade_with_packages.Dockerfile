# pip's own tooling upgraded with -U passes; the other packages of the same command do not
FROM python:3.12-slim
RUN pip install --no-cache-dir -U pip setuptools flask
# expect: DKR060@3:50
