FROM debian:12-slim
# the output is used, never checked: a failed curl gives an empty version and the build goes on
# expect: DKR053@4:15
RUN VERSION=$(curl -s https://example.com/latest | jq -r .tag) && echo "$VERSION" > /version
# a test of another variable does not check this one
# expect: DKR053@7:12
RUN list=$(ls /opt | sort) && other=x && [ "$other" = x ] && echo "$list"
# the test compares a different substitution than the pipe's
# expect: DKR053@10:13
RUN echo "$(cat /a | sort)" > /b && test "$(cat /b)" = x
