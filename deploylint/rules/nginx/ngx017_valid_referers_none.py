from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import NginxConfig
from deploylint.registry import Kind, rule


@rule(
    id="NGX017",
    name="valid-referers-none",
    title="`valid_referers none` accepts requests without a Referer",
    kind=Kind.NGINX,
    severity=Severity.WARNING,
    tags=("security",),
    aliases=("valid_referers",),
    security_severity=5.0,
)
def valid_referers_none(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    `none` in `valid_referers` treats a request without a `Referer` header as valid. Any attacker
    can leave the header out (or a page can with `Referrer-Policy: no-referrer`), so a referer
    check that accepts `none` protects nothing it was meant to protect (CSRF, hotlinking of
    private content).

    ## Example
        valid_referers none server_names *.example.com;

    ## Use instead
        valid_referers server_names *.example.com;
    """
    for d in conf.all("valid_referers"):
        for a in d.args:
            if a.value == "none":
                yield ctx.finding(a, "valid_referers accepts requests with no Referer (`none`)")
