FROM debian:12-slim
# expect: DKR000:9
ONBUILD ONBUILD RUN make
# expect: DKR000:9
ONBUILD FROM scratch
# expect: DKR000:9
ONBUILD RUNN make
