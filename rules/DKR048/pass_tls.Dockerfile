FROM debian:12-slim
ENV NODE_TLS_REJECT_UNAUTHORIZED=1 PYTHONHTTPSVERIFY=1 NPM_CONFIG_STRICT_SSL=true
RUN curl -fsSLO https://example.com/a.tgz && wget -q https://example.com/b.tgz
RUN pip install --index-url https://pypi.internal/simple flask==3.0.3
RUN npm config set strict-ssl true
RUN echo "curl -k is bad" > /dev/null
