from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Applicability, Edit, Finding, Fix, Severity
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
    fixable=True,
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

    ## Fix safety
    Unsafe: `off` becomes `/dev/null`, followed by `crit` when no level is given (`error_log off
    warn;` keeps its level). Errors that nginx wrote to the file `off` are then discarded, which
    is what `off` asked for; to keep them, write a real path instead.
    """
    for d in conf.all("error_log"):
        if d.arg(0) == "off":
            text = "/dev/null" if len(d.args) > 1 else "/dev/null crit"
            fix = Fix("log to /dev/null", (Edit(d.args[0].span, text),), Applicability.UNSAFE)
            yield ctx.finding(d.args[0], 'error_log off logs to a file named "off"', fix=fix)
