from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import NginxConfig
from deploylint.registry import Kind, rule


@rule(
    id="NGX023",
    name="return-bypasses-allow-deny",
    title="`return` answers before `allow`/`deny` are checked",
    kind=Kind.NGINX,
    severity=Severity.WARNING,
    tags=("security", "access"),
    aliases=("return_bypasses_allow_deny",),
    security_severity=5.0,
)
def return_bypasses_allow_deny(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    `return` runs in the rewrite phase, before the access phase where `allow`/`deny` are checked.
    A `return 200 ...` in a block restricted by `deny all` is served to everyone. Use
    `try_files`/a named location, or check the client address with `geo`/`map` before the return.

    ## Example
        location /internal-status {
            allow 10.0.0.0/8;
            deny all;
            return 200 "ok";
        }

    ## Use instead
        location /internal-status {
            allow 10.0.0.0/8;
            deny all;
            try_files /status.txt =404;
        }
    """
    seen = set()
    for name in ("allow", "deny"):
        for d in conf.all(name):
            parent = d.parent
            if parent is None or parent.parent is None or id(parent) in seen:
                continue
            seen.add(id(parent))
            returns = [r for r in parent.walk() if r.name == "return"]
            if returns:
                related = tuple(ctx.location(r, note="return answers first") for r in returns)
                yield ctx.finding(
                    d,
                    f"{name} does not apply to the response of `return` in this block",
                    related=related,
                )
