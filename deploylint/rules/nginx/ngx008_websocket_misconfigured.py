from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Applicability, Edit, Finding, Fix, Severity
from deploylint.models.nginx import Directive, NginxConfig
from deploylint.registry import Kind, rule
from deploylint.rules.nginx._context import inherits_unseen
from deploylint.rules.nginx._fixes import insert_after


@rule(
    id="NGX008",
    name="websocket-proxy-misconfigured",
    title="WebSocket proxying without HTTP/1.1, or with `Connection` forced to `upgrade`",
    kind=Kind.NGINX,
    severity=Severity.WARNING,
    tags=("proxy", "websocket"),
    fixable=True,
    needs_project=True,
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

    ## Fix safety
    Unsafe: a `proxy_http_version` of the location itself becomes `1.1`; otherwise
    `proxy_http_version 1.1;` is added on the line after the location's `proxy_pass`, at its
    indentation. nginx then speaks HTTP/1.1 to the upstream for every request of the location,
    not only WebSocket ones (chunked responses from the upstream are accepted; an upstream that
    only speaks HTTP/1.0 is rare). The fix is only offered when the `proxy_pass` sits directly
    in a location of the file that holds the `Upgrade` header (where the finding is), on a line
    of its own. The hard-coded `Connection "upgrade"` is not fixed: its `map` is a new block.
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
                severity=Severity.INFO if unseen else None,
                fix=_http11(d, level, version, upgrade),
            )
        conn = headers.get("connection")
        if conn is not None and conn.arg(1).lower() == "upgrade":
            yield ctx.finding(
                conn,
                "'Connection' is forced to 'upgrade' for every request; map it from $http_upgrade",
                severity=Severity.INFO,
            )


def _http11(proxy_pass: Directive, level: Directive, version: Directive | None, upgrade: Directive) -> Fix | None:
    """``proxy_http_version 1.1`` in effect at the ``proxy_pass``, written in the finding's file."""
    if version is not None and version.level is level and version.args and version.source is upgrade.source:
        edit: Edit | None = Edit(version.args[0].span, "1.1")
    elif level.name != "location" or proxy_pass.parent is not level or proxy_pass.source is not upgrade.source:
        return None
    else:
        edit = insert_after(proxy_pass, ["proxy_http_version 1.1;"])
    return Fix("use HTTP/1.1 to the upstream", (edit,), Applicability.UNSAFE) if edit else None
