from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import NginxConfig
from deploylint.registry import Kind, rule


@rule(
    id="NGX038",
    name="include-outside-root",
    title="Include points outside the scanned folder and was not read",
    kind=Kind.NGINX,
    severity=Severity.INFO,
    tags=("include",),
)
def include_outside_root(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    deploylint never reads files outside the folder it scans (a configuration must not make the
    linter open `/etc/passwd`). An include of such a path (other than `/etc/nginx/...`, which maps
    to the configuration folder) is skipped, so the directives it holds were not checked, and
    rules that depend on them stay quiet for that block. Scan from a folder that contains the
    file, or set `prefix` in the `[tool.deploylint.nginx]` section.

    ## Example
        http {
            include /usr/share/nginx/modules/*.conf;
        }

    ## Use instead
        http {
            include conf.d/*.conf;
        }
    """
    for p in conf.include_problems:
        if p.kind == "outside-root":
            yield ctx.finding(p.node, p.message)
