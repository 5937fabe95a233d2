from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Edit, Finding, Fix, Severity
from deploylint.models.nginx import SECURITY_HEADERS, NginxConfig
from deploylint.profiles import in_development
from deploylint.registry import Kind, rule


@rule(
    id="NGX004",
    name="security-header-without-always",
    title="Security header added without `always`",
    kind=Kind.NGINX,
    severity=Severity.INFO,
    tags=("security", "hardening", "headers"),
    security_severity=2.0,
    fixable=True,
)
def header_without_always(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    `add_header` only applies to responses with status 200, 201, 204, 206, 301, 302, 303, 304,
    307 and 308 unless the `always` parameter is given. Error pages (404, 500, a proxied 502)
    then go out without HSTS, CSP or X-Frame-Options, which is exactly where reflected content and
    framing tricks like to live. Development, test and example configs (see `deploylint.profiles`) are not judged.

    ## Example
        add_header X-Frame-Options DENY;

    ## Use instead
        add_header X-Frame-Options DENY always;

    ## Fix safety
    Safe: ` always` is added after the header's last argument. The header is then also sent on
    error responses (4xx, 5xx), which is the point; the responses that had it are unchanged.
    """
    for d in conf.all("add_header"):
        if in_development(d.source.path, ctx.settings):
            continue
        if len(d.args) >= 2 and d.args[0].value.lower() in SECURITY_HEADERS and d.args[-1].value != "always":
            yield ctx.finding(
                d,
                f"{d.args[0].value} is added without `always`, so error responses lack it",
                fix=Fix("add 'always'", (Edit(d.source.insertion(d.args[-1].span.end_offset), " always"),)),
            )
