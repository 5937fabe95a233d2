FROM debian:12-slim
RUN wget -qO- https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/x.gpg
RUN if curl -fsSL https://example.com/check | sh; then echo ran; fi
RUN if true; then ls /opt | sort > /tmp/list; fi
RUN curl -fsSL https://example.com/setup | bash && echo done
# expect: DKR053@2:5 DKR053@3:8 DKR053@4:19 DKR053@5:5
