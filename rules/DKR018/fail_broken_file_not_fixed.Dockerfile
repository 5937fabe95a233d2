# no fix: the file has a parse error, which deleting instructions could hide
FROM debian:12-slim
# expect: DKR018 DKR000
HEALTHCHECK
# expect: DKR018
HEALTHCHECK CMD true
HEALTHCHECK CMD false
CMD ["b"]
