import re
from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import Location, NginxConfig
from deploylint.registry import Kind, rule

_SPLIT = re.compile(r"^(?:(?P<scheme>[a-z][a-z0-9+.-]*)://)?(?P<host>unix:[^:]*:?|\$\w+|[^/$]*)(?P<rest>.*)$")
_PATH_VARS = re.compile(r"\$(?:\d|uri\b|request_uri\b|document_uri\b|\{\d\})")


@rule(
    id="NGX020",
    name="proxy-pass-uri-normalized",
    title="`proxy_pass` with a URI part re-encodes the decoded request path",
    kind=Kind.NGINX,
    severity=Severity.INFO,
    tags=("proxy", "security"),
    aliases=("proxy_pass_normalized",),
    security_severity=3.0,
)
def proxy_pass_normalized(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    When `proxy_pass` has a URI part (even just `/`), nginx replaces the matched prefix in the
    *decoded, normalised* path and re-encodes it: `%2F` becomes `/`, `..` segments are resolved,
    and the upstream sees a different path from the client's. Access rules in the upstream can
    then be bypassed. Likewise, after `rewrite ^ $request_uri` the raw path must be passed on with
    `$1`/`$uri`, or it is encoded twice. Without a URI part nginx forwards the client's path as is.

    ## Example
        location /api/ {
            proxy_pass http://app:8000/;
        }

    ## Use instead
        location /api/ {
            proxy_pass http://app:8000;
        }
    """
    for d in conf.all("proxy_pass"):
        m = _SPLIT.match(d.arg(0))
        if m is None or (m.group("scheme") is None and not m.group("host").startswith("$")):
            continue
        loc_node = d.enclosing("location")
        if loc_node is not None and Location(loc_node).modifier == "=":
            continue
        rest = m.group("rest")
        raw = loc_node is not None and any(r.name == "rewrite" and "$request_uri" in r.arg(1) for r in loc_node.walk())
        if raw and not _PATH_VARS.search(d.arg(0)):
            yield ctx.finding(
                d.args[0],
                "after `rewrite ^ $request_uri` the path must be passed with $1 or $uri, or it is encoded twice",
            )
        elif rest and "$" not in rest:
            yield ctx.finding(
                d.args[0],
                f"the URI part {rest!r} makes nginx pass a decoded, normalised path upstream",
            )
