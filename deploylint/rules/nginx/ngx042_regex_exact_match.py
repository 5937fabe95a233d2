import re
from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Applicability, Edit, Finding, Fix, Severity
from deploylint.models.nginx import Location, NginxConfig
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
    fixable=True,
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

    ## Fix safety
    Unsafe: the modifier and the pattern become `= <path>`. Both match exactly the same request
    paths, but an exact location is chosen before any other, where the regex was tried in order
    after the prefix locations: a request that an earlier regex location or a `^~` prefix
    location used to take now goes to this one. No fix for a location with nested locations (an
    exact location cannot have any) or a path with `%` (a regex matches the decoded path).
    """
    for loc in conf.locations:
        if loc.modifier != "~":
            continue
        m = _LITERAL.match(loc.path)
        if m and loc.path_arg is not None:
            exact = m.group(1).replace("\\", "")
            yield ctx.finding(
                loc.path_arg,
                f"use `location = {exact}` instead of a regex",
                fix=_exact(loc, exact),
            )


def _exact(loc: Location, exact: str) -> Fix | None:
    node = loc.node
    if "%" in exact or any(c.name == "location" for c in node.children):
        return None
    span = node.source.span(node.args[0].span.start_offset, node.args[-1].span.end_offset)
    return Fix("use an exact location", (Edit(span, f"= {exact}"),), Applicability.UNSAFE)
