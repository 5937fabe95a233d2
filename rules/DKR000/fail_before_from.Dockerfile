ARG BASE=alpine:3.20
# expect: DKR000
RUN echo too early
FROM ${BASE}
