FROM python:3.12-slim AS build
RUN pip install flask==3.0.3
FROM python:3.12-slim
RUN pip install flask==3.0.3
RUN yarn install --frozen-lockfile && yarn
# expect: DKR064@4:9 DKR064@5:5 DKR064@5:39
