# A trigger runs in every image built FROM this one: it is checked as if it stood in the stage,
# and reported at the inner RUN
FROM debian:12-slim
# expect: DKR059:56
ONBUILD RUN apt-get install -y --no-install-recommends curl
