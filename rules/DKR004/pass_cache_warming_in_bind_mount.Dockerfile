# the install runs in a bind-mounted checkout to fill the yarn cache; its node_modules are discarded
FROM node:20-slim AS sources
RUN git clone --depth 1 https://example.com/app.git /src
FROM node:20-slim
RUN --mount=type=bind,from=sources,src=/src,target=/tmp/app,readwrite \
    cd /tmp/app && yarn install
