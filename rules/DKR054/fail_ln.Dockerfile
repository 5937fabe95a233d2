FROM debian:12-slim
RUN ln -sf /bin/bash /bin/sh
# expect: DKR054@2:22
