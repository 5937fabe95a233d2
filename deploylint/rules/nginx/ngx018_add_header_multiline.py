from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import NginxConfig
from deploylint.registry import Kind, rule


@rule(
    id="NGX018",
    name="add-header-multiline",
    title="Header value spans several lines",
    kind=Kind.NGINX,
    severity=Severity.WARNING,
    tags=("headers",),
    aliases=("add_header_multiline",),
)
def add_header_multiline(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    A quoted header value that continues on the next line keeps the newline, and nginx sends it
    as an obsolete folded header. RFC 7230 deprecates line folding; browsers and proxies reject
    or truncate such headers, so a long Content-Security-Policy quietly stops applying. Write
    the value on one line (or build it with `map`/`set` from shorter pieces).

    ## Example
        add_header Content-Security-Policy "default-src 'self';
            img-src 'self' data:";

    ## Use instead
        add_header Content-Security-Policy "default-src 'self'; img-src 'self' data:";
    """
    for d in conf.all("add_header"):
        if len(d.args) >= 2 and "\n" in d.args[1].value:
            yield ctx.finding(d.args[1], f"value of header {d.arg(0)} spans several lines")
    for d in conf.all("more_set_headers"):
        skip = False
        for a in d.args:
            if skip or a.value in ("-s", "-t"):
                skip = not skip
                continue
            if not a.value.startswith("-") and "\n" in a.value:
                yield ctx.finding(a, "header value spans several lines")
