FROM python:3.12-slim
RUN pip install --no-cache-dir flask==3.0.3
RUN --mount=type=cache,target=/root/.cache/pip pip install flask==3.0.3
RUN PIP_NO_CACHE_DIR=1 pip install flask==3.0.3
RUN yarn install --frozen-lockfile && yarn cache clean
RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install
ENV PIP_NO_CACHE_DIR=1
RUN pip install gunicorn==22.0.0
