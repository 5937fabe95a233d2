FROM alpine:3.20
# expect: DKR000:5
ENV PATH
RUN echo still parsed
