# a downloaded list of paths to delete: a failed download silently deletes nothing
FROM debian:12-slim
# expect: DKR053:5
RUN curl -fsSL https://example.com/obsolete-paths.txt | xargs rm -rf
