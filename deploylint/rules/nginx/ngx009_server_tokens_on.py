from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import NginxConfig
from deploylint.profiles import in_development
from deploylint.registry import Kind, rule


@rule(
    id="NGX009",
    name="server-tokens-on",
    title="nginx version disclosed (`server_tokens` not off)",
    kind=Kind.NGINX,
    severity=Severity.INFO,
    tags=("security", "hardening"),
    aliases=("version_disclosure",),
    security_severity=3.0,
)
def server_tokens_on(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    By default nginx puts its version in the `Server` header and on error pages, which tells an
    attacker exactly which CVEs to try. `server_tokens off;` in the `http` block hides it.
    An explicit `server_tokens on` or `build` is reported anywhere; a missing directive is only
    reported for a complete `nginx.conf` (a `conf.d` fragment inherits it from the main file).
    Development, test and example configs (see `deploylint.profiles`) are not judged.

    ## Example
        http {
            server_tokens on;
        }

    ## Use instead
        http {
            server_tokens off;
        }

    ## Differences from gixy-ng
    gixy-ng also reports a missing `server_tokens` in fragments; we only do so where the whole
    `http` block is visible, to avoid a finding on every `conf.d` file.
    """
    if in_development(conf.source.path, ctx.settings):
        return
    for d in conf.all("server_tokens"):
        if d.arg(0) in ("on", "build"):
            yield ctx.finding(d, f"`server_tokens {d.arg(0)}` discloses the nginx version", source=d.source)
    if conf.context == "main":
        for http in conf.http_levels:
            if http.effective("server_tokens") is None and not http.opaque:
                yield ctx.finding(
                    http.name_span,
                    "`server_tokens` is not set to off, so the nginx version is disclosed",
                    source=http.source,
                )
