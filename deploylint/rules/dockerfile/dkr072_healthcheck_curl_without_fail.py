from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile, Healthcheck
from deploylint.registry import Kind, rule

_FAIL = ("-f", "--fail", "--fail-with-body")


@rule(
    id="DKR072",
    name="healthcheck-curl-without-fail",
    title="HEALTHCHECK runs curl without --fail",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("runtime", "operations"),
)
def healthcheck_curl_without_fail(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    curl exits 0 whenever the server answers, whatever the HTTP status: without `-f` (`--fail`,
    `--fail-with-body`) a check of a service that answers `500 Internal Server Error` or `503`
    passes, and the container stays healthy while it fails every request. `wget` fails on HTTP
    errors by itself. A curl whose output is checked passes: piped into another command (`curl
    -s $URL | grep ok`, `curl -w '%{http_code}' ... | grep 200`) or compared inside `$(...)`.

    ## Example
        FROM nginx:1.27
        HEALTHCHECK CMD curl http://localhost/ || exit 1

    ## Use instead
        FROM nginx:1.27
        HEALTHCHECK CMD curl -f http://localhost/ || exit 1
    """
    for hc in df.walk():
        if not isinstance(hc, Healthcheck) or hc.is_none:
            continue
        for cmd in hc.commands:
            if cmd.command_name != "curl" or cmd.has_flag(*_FAIL):
                continue
            if cmd.nested or (cmd.pipeline is not None and cmd.pipeline_index < len(cmd.pipeline.commands) - 1):
                continue  # its output is read by another command
            yield ctx.finding(cmd.invocation, "curl without --fail exits 0 on HTTP errors, so the check passes")
