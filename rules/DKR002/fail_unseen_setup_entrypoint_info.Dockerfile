# a setup script the linter cannot read decides what the entrypoint script starts
# expect: DKR002
FROM ubuntu:24.04
COPY release/ /opt/app/
RUN /opt/app/scripts/install --profile=container
COPY entrypoint.sh /sbin/entrypoint.sh
ENTRYPOINT ["/sbin/entrypoint.sh"]
