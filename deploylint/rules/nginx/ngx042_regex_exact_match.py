import re
from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import NginxConfig
from deploylint.registry import Kind, rule

_LITERAL = re.compile(r"^\^((?:[A-Za-z0-9_/~%-]|\\[./-])+)\$$")


@rule(
    id="NGX042",
    name="regex-location-could-be-exact",
    title="Regex location that is a plain exact match",
    kind=Kind.NGINX,
    severity=Severity.INFO,
    tags=("performance", "regex"),
    aliases=("regex_exact_match",),
)
def regex_exact_match(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    `location ~ ^/health$` runs the regex engine on every request that reaches the regex phase,
    and regex locations are matched in order after prefix ones, so a later regex can shadow it.
    `location = /health` is found first, without a regex.

    ## Example
        location ~ ^/api/health$ {
            return 200;
        }

    ## Use instead
        location = /api/health {
            return 200;
        }
    """
    for loc in conf.locations:
        if loc.modifier != "~":
            continue
        m = _LITERAL.match(loc.path)
        if m and loc.path_arg is not None:
            exact = m.group(1).replace("\\", "")
            yield ctx.finding(loc.path_arg, f"use `location = {exact}` instead of a regex", source=loc.node.source)
