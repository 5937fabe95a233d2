from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import NginxConfig
from deploylint.registry import Kind, rule


@rule(
    id="NGX040",
    name="http2-misdirected-request",
    title="Handshake-rejecting HTTP/2 default server without `return 421`",
    kind=Kind.NGINX,
    severity=Severity.INFO,
    tags=("tls", "http2"),
    aliases=("http2_misdirected_request",),
)
def http2_misdirected_request(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    Browsers reuse an HTTP/2 connection for every host its certificate covers. A request for a host
    that this connection's server does not serve then lands on the wrong virtual server. A default
    server that rejects unknown SNI (`ssl_reject_handshake on`) should also answer such reused
    requests with `421 Misdirected Request`, so the browser opens a fresh connection.

    ## Example
        server {
            listen 443 ssl default_server;
            http2 on;
            ssl_reject_handshake on;
        }

    ## Use instead
        server {
            listen 443 ssl default_server;
            http2 on;
            ssl_reject_handshake on;
            return 421;
        }
    """
    for server in conf.servers:
        node = server.node
        if not server.rejects_handshake or not any(ls.default_server and ls.ssl for ls in server.listens):
            continue
        h2 = node.effective("http2")
        if not (any(ls.http2 for ls in server.listens) or (h2 is not None and h2.arg(0) == "on")):
            continue
        if any(d.name == "return" and d.arg(0) == "421" for d in node.walk()):
            continue
        yield ctx.finding(server.span, "HTTP/2 default server rejects handshakes but never answers 421")
