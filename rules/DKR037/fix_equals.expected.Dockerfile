FROM alpine:3.20
# where the app lives
ENV APP_HOME=/srv/app
ENV GREETING="hello from $APP_HOME"
LABEL description="web app"
label maintainer=ops
