FROM debian:12-slim
RUN curl -fsSL https://example.com/app.tar.gz | tar -xz -C /opt
RUN <<EOF
cat /etc/os-release | cut -d= -f1
EOF
SHELL ["/bin/bash", "-c"]
RUN cat a | sort
# expect: DKR053@2:5 DKR053@4:1 DKR053@7:5
