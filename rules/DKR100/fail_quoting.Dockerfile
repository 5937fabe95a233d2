FROM debian:12-slim
ARG VERSION=1.0
ENV APP_HOME=/srv/app
RUN echo $HOME/*.txt && \
    cp $VERSION "$APP_HOME" && echo "$UNDEFINED_X"
RUN <<EOF
for f in $(ls /tmp); do
  echo "$f"
done
EOF
# expect: DKR100@4:10 DKR100@5:8 DKR100@7:10
