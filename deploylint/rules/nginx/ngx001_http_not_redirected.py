from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import NginxConfig
from deploylint.registry import Kind, rule


@rule(
    id="NGX001",
    name="http-not-redirected-to-https",
    title="Plain-HTTP server serves content instead of redirecting to HTTPS",
    kind=Kind.NGINX,
    severity=Severity.WARNING,
    tags=("security", "tls"),
    security_severity=5.0,
)
def http_not_redirected(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    A server listening on port 80 without TLS that proxies or serves files sends pages, cookies
    and credentials in clear text, and lets an attacker on the path rewrite them. The port-80
    server should only redirect to HTTPS (ACME challenge locations aside) or refuse the request.
    Only port 80 on a public address is checked: internal ports such as 8080 behind a
    TLS-terminating load balancer, loopback addresses and `server_name localhost` are left alone.

    ## Example
        server {
            listen 80;
            server_name example.com;
            location / {
                proxy_pass http://app:8000;
            }
        }

    ## Use instead
        server {
            listen 80;
            server_name example.com;
            location /.well-known/acme-challenge/ {
                root /var/www/certbot;
            }
            location / {
                return 301 https://$host$request_uri;
            }
        }
    """
    for server in conf.servers:
        if server.virtual or server.redirects_or_refuses:
            continue
        names = {a.value for a in server.server_names}
        if names and names <= {"localhost", "127.0.0.1", "[::1]"}:
            continue
        for ls in server.listens:
            if ls.ssl or ls.quic or ls.loopback or ls.port != 80:
                continue
            at = ls.node if ls.node is not None else server.node
            where = ls.node.name_span if ls.node is not None else server.node.name_span
            yield ctx.finding(
                where,
                "Plain-HTTP server serves content instead of redirecting to HTTPS; "
                "use `return 301 https://$host$request_uri;` on port 80",
                source=at.source,
            )
            break
