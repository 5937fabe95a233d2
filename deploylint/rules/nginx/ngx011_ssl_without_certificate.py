from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import NginxConfig
from deploylint.registry import Kind, rule
from deploylint.rules.nginx._context import inherits_unseen


@rule(
    id="NGX011",
    name="ssl-listener-without-certificate",
    title="SSL listener without `ssl_certificate`/`ssl_certificate_key`",
    kind=Kind.NGINX,
    severity=Severity.ERROR,
    tags=("tls", "breakage"),
    needs_project=True,
)
def ssl_without_certificate(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    nginx refuses to start when a `listen ... ssl` socket has no certificate in effect ("no
    ssl_certificate is defined for the listen ... ssl directive"). The certificate may be set on
    the server or inherited from `http`. Servers with `ssl_reject_handshake on`, and servers whose
    settings come partly from an include we could not read, are skipped. A fragment (a `conf.d`
    site) is judged inside the file that includes it when that file is scanned; when it is not,
    a certificate the fragment does not set may come from the unseen `http {}`, and nothing is
    reported.

    ## Example
        http {
            server {
                listen 443 ssl;
                server_name example.com;
            }
        }

    ## Use instead
        server {
            listen 443 ssl;
            server_name example.com;
            ssl_certificate /etc/ssl/example.crt;
            ssl_certificate_key /etc/ssl/example.key;
        }
    """
    for server in conf.servers:
        node = server.node
        if server.rejects_handshake or node.opaque:
            continue
        missing = [
            n
            for n in ("ssl_certificate", "ssl_certificate_key")
            if node.effective(n) is None and not inherits_unseen(conf, ctx, node, n)
        ]
        if not missing or node.effective("ssl_certificate_by_lua_block") is not None:
            continue
        for ls in server.listens:
            if (ls.ssl or ls.quic) and ls.node is not None:
                yield ctx.finding(ls.node, f"SSL listener has no {' or '.join(missing)} in effect")
                break
