FROM debian:12-slim
RUN wget -q https://e.com/a && wget -nv https://e.com/b && wget --progress=dot:giga https://e.com/c \
    && wget -qO- https://e.com/d > /dev/null && wget --quiet -O /x https://e.com/e
