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
    Only port 80 on a public address is checked, and only where nothing says a TLS-terminating
    proxy stands in front. These count as saying so (each is a choice the operator wrote down):

    - an internal port (8080, 3000: anything but 80), a loopback address (`listen 127.0.0.1:80`)
      or `server_name localhost`;
    - `real_ip_header` or `set_real_ip_from` in effect: the server trusts a proxy's client address;
    - a use of the scheme a proxy reports: `$http_x_forwarded_proto` (or `X-Forwarded-Ssl`,
      `X-Forwarded-Scheme`, `CloudFront-Forwarded-Proto`, `Forwarded`) in a condition, a
      `proxy_set_header`, or a `map` whose result the server uses;
    - in the project, the compose service that mounts this config is the upstream of another
      scanned nginx config, carries Traefik or Caddy routing labels or a `VIRTUAL_HOST`, or
      publishes no ports while its compose file runs a proxy image (Traefik, Caddy, HAProxy,
      Envoy, nginx-proxy).

    Development, test and example configs (by config `profiles`, file name or folder: `dev/`,
    `test/`, `examples/`...) serve plain HTTP on purpose and are not checked.

    Weaker hints are not enough: a port mapping such as `8080:80`, an `X-Forwarded-For` header
    sent upstream (every proxy sends one) or a `server_name` that looks internal.

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
    project = ctx.project
    for server in conf.servers:
        if server.virtual or server.redirects_or_refuses or server.behind_proxy is not None:
            continue
        if conf.in_development(server.node):
            continue
        if project is not None and project.nginx_behind_proxy(server.node.source.path) is not None:
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
