FROM debian:12-slim
RUN ldd /usr/local/bin/tool | grep -q libfoo.so
RUN dpkg -l | grep ' libssl' | grep -vq dev && echo ok
RUN if apt-cache policy nginx | head -n 3; then echo listed; fi
RUN while ps aux | awk '/[w]orker/ {print $2}'; do sleep 1; done
