FROM alpine:3.20 AS build
RUN echo hi > /out
FROM scratch
# not a stage and not a near miss of one: a named build context or an image
COPY --from=assets /dist /www
COPY --from=set /x /y
COPY --from=busybox /bin/busybox /bin/
