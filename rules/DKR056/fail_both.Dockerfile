FROM debian:12-slim
RUN curl -fsSLO https://example.com/a.tgz
RUN wget -q https://example.com/b.tgz && curl -fsSLO https://example.com/c.tgz
# expect: DKR056@3:5
