# expect: CORE003@3:22
FROM python:3.12-slim
# deploylint: ignore[DKR999] typo
RUN echo hi
