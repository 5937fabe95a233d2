from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import NginxConfig
from deploylint.registry import Kind, rule


@rule(
    id="NGX031",
    name="error-log-off",
    title='`error_log off` writes to a file named "off"',
    kind=Kind.NGINX,
    severity=Severity.WARNING,
    tags=("correctness", "logging"),
    aliases=("error_log_off",),
)
def error_log_off(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    Unlike `access_log`, `error_log` has no `off` value: `error_log off;` logs to a file called
    `off` in the prefix folder, which grows unnoticed. To discard errors, log to `/dev/null` with a
    high level (`crit`), or better, keep them.

    ## Example
        error_log off;

    ## Use instead
        error_log /dev/null crit;
    """
    for d in conf.all("error_log"):
        if d.arg(0) == "off":
            yield ctx.finding(d.args[0], 'error_log off logs to a file named "off"', source=d.source)
