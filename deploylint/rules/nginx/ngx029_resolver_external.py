from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import NginxConfig
from deploylint.registry import Kind, rule
from deploylint.rules.nginx._hosts import is_internal_host, split_host_port


@rule(
    id="NGX029",
    name="resolver-external",
    title="`resolver` points at a public DNS server",
    kind=Kind.NGINX,
    severity=Severity.WARNING,
    tags=("security", "dns"),
    aliases=("resolver_external",),
    security_severity=6.0,
)
def resolver_external(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    nginx's resolver does not use DNSSEC or TCP and accepts the first matching UDP answer. With a
    public resolver such as `8.8.8.8` the queries cross the internet, and an off-path attacker
    can race forged answers (nginx's resolver had CVE-2021-23017 too), redirecting proxied
    traffic. Use a local caching resolver (`127.0.0.1`, `127.0.0.53`, Docker's `127.0.0.11`, the
    VPC resolver). Not reported in development files (a `dev/` or Gitpod workspace config): the
    traffic it resolves for is a developer's own.

    ## Example
        resolver 8.8.8.8 valid=30s;

    ## Use instead
        resolver 127.0.0.53 valid=30s;
    """
    for d in conf.all("resolver"):
        if conf.in_development(d):
            continue
        for a in d.args:
            if "=" in a.value:
                continue
            host = split_host_port(a.value)
            if not is_internal_host(host):
                yield ctx.finding(a, f"resolver {a.value} is a public DNS server; use a local one")
