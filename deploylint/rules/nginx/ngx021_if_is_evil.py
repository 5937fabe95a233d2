from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import NginxConfig
from deploylint.registry import Kind, rule


@rule(
    id="NGX021",
    name="if-is-evil",
    title="Unsafe directive inside `if` in a location",
    kind=Kind.NGINX,
    severity=Severity.WARNING,
    tags=("correctness",),
    aliases=("if_is_evil",),
)
def if_is_evil(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    `if` inside a location creates an implicit nested location. Only `return` and `rewrite ...
    last|redirect|permanent` behave as expected there; other directives (`add_header`,
    `proxy_pass`, `try_files`, `rewrite ... break`, ...) apply to the wrong location, are dropped
    when a second `if` matches, or crash older nginx versions. Move the logic to `map`, separate
    locations, or end the `if` with `return`.

    ## Example
        location / {
            if ($http_x_debug) {
                add_header X-Debug 1;
            }
        }

    ## Use instead
        location / {
            if ($http_x_debug) {
                return 403;
            }
        }
    """
    for block in conf.ifs:
        node = block.node
        if node.parent is None or node.parent.name != "location":
            continue
        for d in node.children:
            if d.name in {"return", "include"}:
                continue
            if d.name == "rewrite" and len(d.args) >= 3 and d.args[-1].value in ("last", "redirect", "permanent"):
                continue
            yield ctx.finding(d.name_span, f'"{d.name}" is not safe inside "if" in a location')
