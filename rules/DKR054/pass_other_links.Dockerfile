FROM debian:12-slim
RUN ln -s /usr/bin/python3 /usr/local/bin/python && ln -s /bin/sh /usr/local/bin/mysh
