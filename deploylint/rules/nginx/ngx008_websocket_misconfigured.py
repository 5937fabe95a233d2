from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import NginxConfig
from deploylint.registry import Kind, rule
from deploylint.rules.nginx._context import inherits_unseen


@rule(
    id="NGX008",
    name="websocket-proxy-misconfigured",
    title="WebSocket proxying without HTTP/1.1, or with `Connection` forced to `upgrade`",
    kind=Kind.NGINX,
    severity=Severity.WARNING,
    tags=("proxy", "websocket"),
)
def websocket_misconfigured(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    A WebSocket handshake needs HTTP/1.1 to the upstream; nginx proxies with HTTP/1.0 unless
    `proxy_http_version 1.1` is in effect, so forwarding the `Upgrade` header alone never works.
    Hard-coding `proxy_set_header Connection "upgrade"` sends `Connection: upgrade` on every
    request, also plain ones, which breaks upstream keep-alive and confuses some servers; map it
    from `$http_upgrade` instead (reported as info). In a fragment whose including file is not
    scanned and that sets no `proxy_http_version`, the unseen `http {}` may set it: the missing
    version is then an `info`.

    ## Example
        location /ws/ {
            proxy_pass http://app:8000;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
        }

    ## Use instead
        map $http_upgrade $connection_upgrade {
            default upgrade;
            ''      close;
        }
        server {
            location /ws/ {
                proxy_pass http://app:8000;
                proxy_http_version 1.1;
                proxy_set_header Upgrade $http_upgrade;
                proxy_set_header Connection $connection_upgrade;
            }
        }
    """
    for d in conf.all("proxy_pass"):
        level = d.level
        if level is None:
            continue
        headers = level.proxy_headers
        upgrade = headers.get("upgrade")
        if upgrade is None:
            continue
        version = level.effective("proxy_http_version")
        if version is None or version.arg(0) != "1.1":
            unseen = version is None and inherits_unseen(conf, ctx, d, "proxy_http_version")
            yield ctx.finding(
                upgrade,
                "'Upgrade' is forwarded but proxy_http_version 1.1 is not set",
                source=upgrade.source,
                severity=Severity.INFO if unseen else None,
            )
        conn = headers.get("connection")
        if conn is not None and conn.arg(1).lower() == "upgrade":
            yield ctx.finding(
                conn,
                "'Connection' is forced to 'upgrade' for every request; map it from $http_upgrade",
                source=conn.source,
                severity=Severity.INFO,
            )
