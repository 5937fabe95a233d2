FROM debian:12-slim
RUN useradd -m builder
RUN sudo -u root apt-get update && sudo make install
USER builder
RUN sudo -u postgres psql -c 'select 1'
# expect: DKR052@3:5 DKR052@3:36 DKR052@5:5
