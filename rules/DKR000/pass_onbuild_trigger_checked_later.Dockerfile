# BuildKit keeps an ONBUILD trigger as text and checks it only when a child image builds FROM
# this one: a SHELL without JSON form, or a COPY without destination, is not an error here
FROM debian:12-slim
ONBUILD SHELL bash -c
ONBUILD COPY app
ONBUILD RUN --unknown-flag=1 make
