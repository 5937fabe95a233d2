FROM python:3.12-slim
# expect: CORE002@3:22
# deploylint: ignore[DKR001, DKR013] only one is used
CMD python \
  -m app
