FROM debian:12-slim
# the archive lands under the destination's file name
COPY dist/packaged-app.tar /opt/app.tar
# expect: DKR071:5
RUN tar -xf /opt/app.tar
# Windows paths: the archive keeps its name under the destination folder
COPY build\bundle.tar.gz C:\app
# expect: DKR071:5
RUN tar -xzf "C:\app\bundle.tar.gz"
