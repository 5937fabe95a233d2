FROM scratch
COPY app /app
# expect: DKR015
HEALTHCHECK CMD /app healthcheck
