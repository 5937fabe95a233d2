from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import NginxConfig
from deploylint.registry import Kind, rule
from deploylint.rules.nginx._context import inherits_unseen


@rule(
    id="NGX034",
    name="ssl-stapling-without-resolver",
    title="OCSP stapling on without a `resolver`",
    kind=Kind.NGINX,
    severity=Severity.WARNING,
    tags=("tls", "dns"),
    aliases=("ssl_stapling_without_resolver",),
    needs_project=True,
)
def ssl_stapling_without_resolver(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    To staple OCSP responses nginx must look up the certificate authority's responder at run
    time, which needs a `resolver`. Without one nginx logs "no resolver defined to resolve" and
    silently serves no stapled response, so the setting does nothing (and clients with
    must-staple certificates fail). In a fragment whose including file is not scanned and that
    sets no `resolver`, the unseen `http {}` may set one: the finding is then an `info`.

    ## Example
        server {
            listen 443 ssl;
            ssl_certificate /etc/ssl/site.crt;
            ssl_certificate_key /etc/ssl/site.key;
            ssl_stapling on;
        }

    ## Use instead
        server {
            listen 443 ssl;
            ssl_certificate /etc/ssl/site.crt;
            ssl_certificate_key /etc/ssl/site.key;
            ssl_stapling on;
            resolver 127.0.0.53;
        }
    """
    for server in conf.servers:
        node = server.node
        stapling = node.effective("ssl_stapling")
        if not server.is_ssl or stapling is None or stapling.arg(0) != "on" or node.opaque:
            continue
        if node.effective("resolver") is None and node.effective("ssl_stapling_file") is None:
            unseen = inherits_unseen(conf, ctx, node, "resolver", "ssl_stapling_file")
            yield ctx.finding(
                stapling,
                "ssl_stapling is on but no resolver is set",
                severity=Severity.INFO if unseen else None,
            )
