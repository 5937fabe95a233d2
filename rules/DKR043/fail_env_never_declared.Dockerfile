FROM python:3.12-slim
ARG APP_DIR=/srv
ENV APP_ROOT=${APP_DIR}/app
# APP_VERSION is declared nowhere: the label is empty unless the base image sets it
# expect: DKR043:16
ENV APP_LABEL=v$APP_VERSION
