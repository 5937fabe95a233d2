FROM debian:12-slim
RUN wget https://example.com/app.tar.gz && wget -O /tmp/x https://example.com/x
# expect: DKR055@2:5 DKR055@2:44
