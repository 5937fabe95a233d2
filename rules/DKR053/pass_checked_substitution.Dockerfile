FROM debian:12-slim
# the pipe's output is compared: a failed download gives the wrong text and the test fails
RUN test "$(curl -s https://example.com/status.json | jq -r .state)" = ready
RUN [ -n "$(dpkg -l | grep libssl)" ]
RUN [[ $(uname -m | tr A-Z a-z) == x86_64 ]] || exit 1
RUN arch=$(dpkg --print-architecture | cut -d- -f1) && [ "$arch" = amd64 ]
RUN found=`ls /opt | head -n1`; test -n "$found"
RUN export CODENAME="$(grep VERSION_CODENAME /etc/os-release | cut -d= -f2)"; [ -n "$CODENAME" ] || exit 1
