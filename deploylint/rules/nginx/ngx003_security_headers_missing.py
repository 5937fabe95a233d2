from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import NginxConfig
from deploylint.profiles import in_development
from deploylint.registry import Kind, rule


@rule(
    id="NGX003",
    name="security-headers-missing",
    title="HTTPS server without X-Frame-Options or X-Content-Type-Options",
    kind=Kind.NGINX,
    severity=Severity.INFO,
    tags=("security", "hardening", "headers"),
    security_severity=3.0,
)
def security_headers_missing(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    Without `X-Frame-Options` (or a Content-Security-Policy with `frame-ancestors`), any site can
    frame your pages and trick users into clicking (clickjacking). Without
    `X-Content-Type-Options: nosniff`, browsers may guess a script type for an uploaded file. The
    rule checks the headers in effect for an HTTPS server that serves or proxies content (with
    nginx's inheritance rule); the application behind the proxy may set them instead, so this is
    hardening advice. Development, test and example configs (see `deploylint.profiles`) are not judged.

    ## Example
        server {
            listen 443 ssl;
            ssl_certificate /etc/ssl/site.crt;
            ssl_certificate_key /etc/ssl/site.key;
            location / { proxy_pass http://app:8000; }
        }

    ## Use instead
        server {
            listen 443 ssl;
            ssl_certificate /etc/ssl/site.crt;
            ssl_certificate_key /etc/ssl/site.key;
            add_header X-Frame-Options DENY always;
            add_header X-Content-Type-Options nosniff always;
            location / { proxy_pass http://app:8000; }
        }
    """
    for server in conf.servers:
        node = server.node
        if not server.is_ssl or not server.serves_content or node.opaque or node.security_headers_module:
            continue
        if in_development(node.source.path, ctx.settings):
            continue
        missing = []
        csp = node.header("Content-Security-Policy")
        if node.header("X-Frame-Options") is None and not (csp and "frame-ancestors" in csp.value):
            missing.append("X-Frame-Options (or CSP frame-ancestors)")
        xcto = node.header("X-Content-Type-Options")
        if xcto is None or "nosniff" not in xcto.value.lower():
            missing.append("X-Content-Type-Options: nosniff")
        if missing:
            yield ctx.finding(server.span, f"HTTPS server does not send {' or '.join(missing)}")
