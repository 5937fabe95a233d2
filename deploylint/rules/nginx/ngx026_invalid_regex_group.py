from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import Arg, Directive, NginxConfig
from deploylint.models.nginx_regex import capture_refs, parse_regex
from deploylint.registry import Kind, rule


@rule(
    id="NGX026",
    name="capture-group-missing",
    title="Reference to a capture group the regex does not have",
    kind=Kind.NGINX,
    severity=Severity.WARNING,
    tags=("correctness", "regex"),
    aliases=("invalid_regex",),
)
def invalid_regex_group(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    `$1`...`$9` refer to the groups of the last regex that matched. When the pattern of a
    `rewrite` (or of the `if` around a `set`) has fewer groups than the replacement uses, the
    reference expands to an empty string, and the rewritten URL or variable silently loses its
    path.

    ## Example
        rewrite ^/old/.*$ /new/$1 permanent;

    ## Use instead
        rewrite ^/old/(.*)$ /new/$1 permanent;
    """
    for d in conf.all("rewrite"):
        if len(d.args) >= 2:
            yield from _check(ctx, d.args[0].value, False, d.args[1], d)
    for d in conf.all("set"):
        cond = d.parent
        if len(d.args) >= 2 and cond is not None and cond.name == "if" and len(cond.args) == 3:
            if cond.args[1].value in ("~", "~*"):
                yield from _check(ctx, cond.args[2].value, cond.args[1].value == "~*", d.args[1], d)


def _check(ctx: Context, pattern: str, caseless: bool, target: Arg, d: Directive) -> Iterator[Finding]:
    refs = capture_refs(target.value) - {0}
    regex = parse_regex(pattern, caseless=caseless) if refs else None
    if regex is None:
        return
    missing = sorted(r for r in refs if r > regex.groups)
    if missing:
        have = f"only {regex.groups}" if regex.groups else "no"
        names = ", ".join(f"${n}" for n in missing)
        yield ctx.finding(target, f"{names} refers to a group that {pattern!r} lacks ({have} capture groups)")
