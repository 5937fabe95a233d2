from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import SECURITY_HEADERS, NginxConfig
from deploylint.records import record
from deploylint.registry import Kind, rule


@record(slots=False)
class Options:
    #: only report when one of these headers is dropped (empty: any header)
    headers: tuple[str, ...] = ()


@rule(
    id="NGX006",
    name="add-header-redefinition",
    title="Nested `add_header` silently drops the parent's headers",
    kind=Kind.NGINX,
    severity=Severity.WARNING,
    tags=("security", "headers"),
    aliases=("add_header_redefinition",),
    security_severity=4.0,
    options=Options,
)
def add_header_redefinition(conf: NginxConfig, ctx: Context[Options]) -> Iterator[Finding]:
    """## Why
    nginx inherits `add_header` (and `add_trailer`) from the enclosing level only when a level
    defines none of its own. One `add_header Cache-Control ...` in a location therefore removes
    every header set on the server or in `http`, often the security headers. The finding lists the
    dropped headers; it is info-level when none of them is a security header. nginx 1.29.3's
    `add_header_inherit merge;` keeps the parent's headers and silences the rule.

    ## Example
        server {
            add_header X-Frame-Options DENY always;
            location / {
                add_header Cache-Control no-store;
            }
        }

    ## Use instead
        server {
            add_header X-Frame-Options DENY always;
            location / {
                add_header X-Frame-Options DENY always;
                add_header Cache-Control no-store;
            }
        }

    ## Options
    `headers`: report only when one of these headers (case-insensitive) is dropped.
    """
    wanted = {h.lower() for h in ctx.options.headers}
    for name in ("add_header", "add_trailer"):
        for node in {d.parent for d in conf.all(name) if d.parent is not None}:
            if node.inherit_mode(name) == "merge" or node.parent is None:
                continue
            parent = node.level
            if parent is None:
                continue
            own = [d for d in node.children if d.name == name]
            if not own:
                continue
            kept = {d.arg(0).lower() for d in own}
            dropped = [d.arg(0) for d in parent.effective_array(name) if d.arg(0).lower() not in kept]
            if wanted:
                dropped = [h for h in dropped if h.lower() in wanted]
            if dropped:
                secure = any(h.lower() in SECURITY_HEADERS for h in dropped)
                yield ctx.finding(
                    own[0],
                    f"{name} here drops the {', '.join(dict.fromkeys(dropped))} set on the enclosing level",
                    severity=None if secure else Severity.INFO,
                )
