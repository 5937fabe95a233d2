from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import NginxConfig
from deploylint.registry import Kind, rule


@rule(
    id="NGX044",
    name="ssl-stapling-letsencrypt",
    title="OCSP stapling with a Let's Encrypt certificate",
    kind=Kind.NGINX,
    severity=Severity.INFO,
    tags=("tls",),
    aliases=("ssl_stapling_letsencrypt",),
)
def ssl_stapling_letsencrypt(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    Let's Encrypt stopped running OCSP responders in 2025; its certificates carry no OCSP URL.
    `ssl_stapling on` then only produces "no OCSP responder URL in the certificate" warnings in
    the error log and staples nothing. Turn stapling off for these certificates.

    ## Example
        server {
            listen 443 ssl;
            ssl_certificate /etc/letsencrypt/live/example.com/fullchain.pem;
            ssl_certificate_key /etc/letsencrypt/live/example.com/privkey.pem;
            ssl_stapling on;
        }

    ## Use instead
        server {
            listen 443 ssl;
            ssl_certificate /etc/letsencrypt/live/example.com/fullchain.pem;
            ssl_certificate_key /etc/letsencrypt/live/example.com/privkey.pem;
        }
    """
    for server in conf.servers:
        node = server.node
        stapling = node.effective("ssl_stapling")
        cert = node.effective("ssl_certificate")
        if stapling is None or stapling.arg(0) != "on" or cert is None or not server.is_ssl:
            continue
        if "letsencrypt" in cert.arg(0).lower():
            yield ctx.finding(
                stapling,
                "certificates from Let's Encrypt have no OCSP responder; stapling does nothing",
            )
