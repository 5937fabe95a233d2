from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import NginxConfig
from deploylint.models.nginx_regex import parse_regex
from deploylint.registry import Kind, rule


@rule(
    id="NGX025",
    name="regex-redos",
    title="Regular expression open to catastrophic backtracking (ReDoS)",
    kind=Kind.NGINX,
    severity=Severity.WARNING,
    tags=("security", "regex"),
    aliases=("regex_redos",),
    security_severity=6.0,
)
def regex_redos(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    nginx matches locations, `if` conditions, `rewrite` and `map` patterns with PCRE, which
    backtracks. A nested quantifier (`(a+)+`), a repeated group whose alternatives overlap
    (`(a|ab)+`) or two adjacent quantifiers over the same characters (`.*.*`) can take
    exponential time on a crafted URL or header, and one request then pins a worker. The rule
    analyses the pattern's structure only; it never runs it.

    ## Example
        location ~ ^/(a+)+$ {
            return 200;
        }

    ## Use instead
        location ~ ^/a+$ {
            return 200;
        }
    """
    for use in conf.regexes:
        regex = parse_regex(use.pattern, caseless=use.caseless)
        why = regex.redos if regex is not None else None
        if why:
            yield ctx.finding(use.arg, f"regex {use.pattern!r} may backtrack catastrophically: {why}")
