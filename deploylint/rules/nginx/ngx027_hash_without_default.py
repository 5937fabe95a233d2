from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import NginxConfig
from deploylint.registry import Kind, rule


@rule(
    id="NGX027",
    name="map-without-default",
    title="`map`/`geo` without a `default`",
    kind=Kind.NGINX,
    severity=Severity.INFO,
    tags=("correctness",),
    aliases=("hash_without_default",),
)
def hash_without_default(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    A `map` or `geo` without `default` gives an empty string for every value it does not list.
    When the variable decides access (`$allowed`), an upstream or a header, the empty value is
    easy to miss and can fail open. Say what unmatched values get. A map with one entry (a
    common "only for POST" idiom) is accepted.

    ## Example
        map $host $backend {
            example.com app;
            example.org blog;
        }

    ## Use instead
        map $host $backend {
            example.com app;
            example.org blog;
            default     app;
        }
    """
    for block in conf.maps:
        entries = [e for e in block.entries if e.key.value not in ("hostnames", "volatile", "ranges", "include")]
        if any(e.node.name == "include" and not e.node.include_files for e in block.entries):
            continue
        if block.node.name == "map" and len(entries) <= 1:
            continue
        if block.default is None:
            yield ctx.finding(block.node.name_span, f"{block.node.name} {block.target} has no default value")
