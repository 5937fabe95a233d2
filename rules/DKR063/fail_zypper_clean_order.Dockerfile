FROM opensuse/leap:15.6
# expect: DKR063:34
RUN zypper clean -a && zypper -n install curl=8.0
# a mount over another folder does not hold zypper's cache
# expect: DKR063:58
RUN --mount=type=cache,target=/var/cache/other zypper -n in curl=8.0
