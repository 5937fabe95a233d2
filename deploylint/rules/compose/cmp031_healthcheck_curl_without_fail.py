from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.compose import ComposeFile
from deploylint.registry import Kind, rule

_FAIL_FLAGS = ("-f", "--fail", "--fail-with-body")


@rule(
    id="CMP031",
    name="service-healthcheck-curl-without-fail",
    title="Healthcheck runs `curl` without `--fail`",
    kind=Kind.COMPOSE,
    severity=Severity.WARNING,
    tags=("reliability",),
)
def healthcheck_curl_without_fail(model: ComposeFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `curl` exits 0 whenever the server answers, a `500 Internal Server Error` or a `404` included,
    so `test: ["CMD", "curl", "http://localhost/health"]` reports a broken service as healthy and
    `depends_on: condition: service_healthy` waits for nothing. `-f` (`--fail`) makes HTTP errors
    a non-zero exit. The check's command is parsed by the shell layer: a `curl` whose exit status
    is not the check's (inside `$(...)`, or piped into a command such as `grep` that judges the
    output) passes, as do `curl` commands with `-f`, `--fail` or `--fail-with-body`. A healthcheck that cannot
    fail is wrong wherever it runs, but in a development or test stack (`cypress/`, `dev/`, an
    override file) it costs a flaky local run, not an outage, so there it is information.

    ## Example
        services:
          api:
            image: example/api:1.4.2
            healthcheck:
              test: ["CMD", "curl", "http://localhost:8080/health"]

    ## Use instead
        services:
          api:
            image: example/api:1.4.2
            healthcheck:
              test: ["CMD", "curl", "-f", "http://localhost:8080/health"]
    """
    for svc in model:
        hc = svc.healthcheck
        script = hc.script() if hc is not None else None
        if hc is None or script is None or hc.test_node is None:
            continue
        for cmd in script.commands_named("curl"):
            if cmd.nested or cmd.has_flag(*_FAIL_FLAGS):
                continue
            if cmd.pipeline is not None and cmd.connector_after in ("|", "|&"):
                continue  # the output is judged by the next command
            exact = hc.test_positions is not None and cmd.name is not None
            at = cmd.name.span if exact and cmd.name is not None else hc.test_node.span
            msg = f"healthcheck of service {svc.name.value!r} runs curl without --fail, so HTTP errors count as healthy"
            sev = None if model.outside_development(hc.test_node) else Severity.INFO
            yield ctx.finding(at, msg, severity=sev)
