from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import NginxConfig
from deploylint.registry import Kind, rule


@rule(
    id="NGX010",
    name="listen-http2-deprecated",
    title="`listen ... http2` is deprecated; use `http2 on;`",
    kind=Kind.NGINX,
    severity=Severity.INFO,
    tags=("deprecated",),
)
def listen_http2(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    Since nginx 1.25.1 the `http2` parameter of `listen` is deprecated (nginx logs a warning on
    every start) in favour of the `http2 on;` directive, which can be set per server.

    ## Example
        server {
            listen 443 ssl http2;
        }

    ## Use instead
        server {
            listen 443 ssl;
            http2 on;
        }
    """
    for d in conf.all("listen"):
        for a in d.args[1:]:
            if a.value == "http2":
                yield ctx.finding(
                    a, "`listen ... http2` is deprecated since nginx 1.25.1; use `http2 on;`", source=d.source
                )
