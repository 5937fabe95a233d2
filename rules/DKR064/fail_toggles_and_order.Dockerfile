FROM python:3.12-slim
# a false-ish PIP_NO_CACHE_DIR keeps the cache, inline or exported
# expect: DKR064:30
RUN PIP_NO_CACHE_DIR=off pip install flask==3.0.3
# expect: DKR064:38
RUN export PIP_NO_CACHE_DIR=0 && pip install flask==3.0.3
# a mount over another folder does not hold the cache
# expect: DKR064:55
RUN --mount=type=tmpfs,target=/root/.cache/poetry pip install flask==3.0.3
# a clean before the install does not count
# expect: DKR064:25
RUN yarn cache clean && yarn install --frozen-lockfile
# an ENV that turns the cache off is overridden by the RUN's own false-ish value
ENV PIP_NO_CACHE_DIR=1
# expect: DKR064:32
RUN PIP_NO_CACHE_DIR=false pip install flask==3.0.3
