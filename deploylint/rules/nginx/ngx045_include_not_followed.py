from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import NginxConfig
from deploylint.registry import Kind, rule


@rule(
    id="NGX045",
    name="include-not-followed",
    title="Include not followed: a safety limit was reached",
    kind=Kind.NGINX,
    severity=Severity.INFO,
    tags=("include",),
)
def include_not_followed(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    deploylint follows includes only so far, so that a configuration cannot make it read without
    end: a chain of includes more than 24 files deep, more than 400 included files for one main
    file, or one include glob that lists more than 10,000 folder entries. The include at which a
    limit was reached is not followed, so the directives behind it were not checked and rules
    that depend on them stay quiet. nginx itself has no such limits; a configuration that reaches
    them is usually generated, or includes a folder much larger than it means to.

    ## Example
        # (no example runs inline: the rule needs the files the includes name; see its cases)
        # conf.d/ holds 20,000 files, most of them not configuration
        http {
            include conf.d/*.conf;
        }

    ## Use instead
        # the configuration files in a folder of their own
        http {
            include sites-enabled/*.conf;
        }
    """
    for p in conf.include_problems:
        if p.kind == "limit":
            yield ctx.finding(p.node, p.message)
