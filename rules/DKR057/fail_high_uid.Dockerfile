FROM debian:12-slim
RUN useradd -u 1000000 app && useradd --uid=200000 -m other
# expect: DKR057@2:5 DKR057@2:31
