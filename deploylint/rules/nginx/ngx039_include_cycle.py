from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import NginxConfig
from deploylint.registry import Kind, rule


@rule(
    id="NGX039",
    name="include-cycle",
    title="Include cycle",
    kind=Kind.NGINX,
    severity=Severity.ERROR,
    tags=("include", "breakage"),
)
def include_cycle(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    A file that includes itself, directly or through other files, makes nginx recurse until it
    runs out of file descriptors or memory and fail to start. A glob such as
    `include conf.d/*.conf;` inside a file in `conf.d/` is the usual cause.

    ## Example
        include nginx.conf;

    ## Use instead
        include conf.d/*.conf;
    """
    for p in conf.include_problems:
        if p.kind == "cycle":
            yield ctx.finding(p.node, p.message)
