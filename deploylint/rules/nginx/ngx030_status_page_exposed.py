from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import Directive, NginxConfig
from deploylint.registry import Kind, rule
from deploylint.rules.nginx._context import inherits_unseen

STATUS = ("stub_status", "vhost_traffic_status_display", "status", "api")
#: directives that restrict access and are inherited from enclosing levels
_ACCESS = ("allow", "deny", "auth_basic", "auth_request", "satisfy")


@rule(
    id="NGX030",
    name="status-page-exposed",
    title="Status page without access restriction",
    kind=Kind.NGINX,
    severity=Severity.WARNING,
    tags=("security", "access"),
    aliases=("status_page_exposed",),
    security_severity=4.0,
    needs_project=True,
)
def status_page_exposed(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    `stub_status` (and the NGINX Plus `api`/`status` pages) reveal connection counts and request
    rates, and `api write=on` can even change upstreams. Reachable by anyone, they help attackers
    time and measure attacks. Restrict them with `allow ...; deny all;`, `auth_basic`, or serve them
    only on a loopback or unix-socket listener. In a fragment whose including file is not
    scanned and that sets no access rule of its own, the unseen levels above may restrict it:
    the finding is then an `info`.

    ## Example
        location /nginx_status {
            stub_status;
        }

    ## Use instead
        location = /nginx_status {
            stub_status;
            allow 127.0.0.1;
            deny all;
        }
    """
    for name in STATUS:
        for d in conf.all(name):
            loc = d.enclosing("location")
            if loc is None or (name == "status" and d.args) or (name == "api" and d.parent is not loc):
                continue
            server = conf.server_of(d)
            if server is not None and server.listens and all(ls.loopback for ls in server.listens):
                continue
            if _restricted(loc) or loc.opaque:
                continue
            unseen = inherits_unseen(conf, ctx, loc, *_ACCESS)
            yield ctx.finding(
                d,
                f"{name} page is reachable without allow/deny or authentication",
                severity=Severity.INFO if unseen else None,
            )


def _restricted(loc: Directive) -> bool:
    deny = loc.effective_array("deny")
    if any(d.arg(0) == "all" for d in deny):
        return True
    auth = loc.effective("auth_basic")
    return (
        (auth is not None and auth.arg(0) != "off")
        or loc.effective("auth_request") is not None
        or (loc.first("internal") is not None)
    )
