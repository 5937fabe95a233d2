FROM python:3.12-slim
RUN export PIP_NO_CACHE_DIR=yes && pip install flask==3.0.3
RUN PIP_NO_CACHE_DIR=true pip install flask==3.0.3
RUN --mount=type=tmpfs,target=/root/.cache/pip pip install flask==3.0.3
RUN --mount=type=tmpfs,target=/root/.cache/yarn yarn install --frozen-lockfile
RUN yarn install --frozen-lockfile && yarn cache clean --all
