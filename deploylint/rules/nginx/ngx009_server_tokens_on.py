from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Edit, Finding, Fix, Severity
from deploylint.models.nginx import Directive, NginxConfig
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
    fixable=True,
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

    ## Fix safety
    Safe: `server_tokens on`/`build` becomes `server_tokens off`, and a complete `nginx.conf`
    without the directive gets `server_tokens off;` as the first line of its `http` block. Only the
    version in the `Server` header and on error pages goes; no request is served differently. An
    `http` block whose first directive shares a line with the brace is not fixed.

    ## Differences from gixy-ng
    gixy-ng also reports a missing `server_tokens` in fragments; we only do so where the whole
    `http` block is visible, to avoid a finding on every `conf.d` file.
    """
    if in_development(conf.source.path, ctx.settings):
        return
    for d in conf.all("server_tokens"):
        if d.arg(0) in ("on", "build"):
            fix = Fix("set it to off", (Edit(d.args[0].span, "off"),))
            yield ctx.finding(d, f"`server_tokens {d.arg(0)}` discloses the nginx version", fix=fix)
    if conf.context == "main":
        for http in conf.http_levels:
            if http.effective("server_tokens") is None and not http.opaque:
                yield ctx.finding(
                    http.name_span,
                    "`server_tokens` is not set to off, so the nginx version is disclosed",
                    fix=_add_off(http),
                )


def _add_off(http: Directive) -> Fix | None:
    """``server_tokens off;`` on a line of its own before the block's first directive."""
    first = (http.block or (None,))[0]
    if first is None:
        return None
    src = http.source
    line = first.span.start_line
    start = src.line_start(line)
    if src.text[start : first.span.start_offset].strip():
        return None  # shares its line with the brace or another directive
    text = f"{src.indent(line)}server_tokens off;{src.newline(line)}"
    return Fix("add 'server_tokens off;'", (Edit(src.insertion(start), text),))
