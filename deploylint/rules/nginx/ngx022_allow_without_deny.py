from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import NginxConfig
from deploylint.registry import Kind, rule


@rule(
    id="NGX022",
    name="allow-without-deny",
    title="`allow` without `deny` in the same block",
    kind=Kind.NGINX,
    severity=Severity.WARNING,
    tags=("security", "access"),
    aliases=("allow_without_deny",),
    security_severity=7.0,
)
def allow_without_deny(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    Access rules are checked in order and the default is to allow. A block with `allow 10.0.0.0/8;`
    and no `deny` therefore lets everyone in: the `allow` restricts nothing. End the list with
    `deny all;`.

    ## Example
        location /admin/ {
            allow 10.0.0.0/8;
        }

    ## Use instead
        location /admin/ {
            allow 10.0.0.0/8;
            deny all;
        }

    ## Differences from gixy-ng
    gixy-ng does not report an `allow` at the top level of a file when some nested block has a
    `deny`; we check each block on its own, as nginx applies them.
    """
    seen = set()
    for d in conf.all("allow"):
        parent = d.parent
        if parent is None or d.arg(0) == "all" or id(parent) in seen:
            continue
        seen.add(id(parent))
        siblings = parent.children
        if any(s.name == "deny" for s in siblings):
            continue
        if any(s.name == "include" and not s.include_files for s in siblings):
            continue
        yield ctx.finding(d, "allow without a `deny all;` in the same block restricts nothing")
