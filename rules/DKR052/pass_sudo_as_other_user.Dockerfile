FROM debian:12-slim
RUN useradd -m builder && apt-get update && apt-get install -y --no-install-recommends sudo git
RUN sudo -u builder git clone https://example.com/repo.git /home/builder/repo
RUN sudo -E -u builder -H make -C /home/builder/repo && sudo --user=builder true
RUN sudo -g staff id
FROM debian:12-slim AS final
RUN useradd -m app
RUN sudo -u app bundle install
USER app
