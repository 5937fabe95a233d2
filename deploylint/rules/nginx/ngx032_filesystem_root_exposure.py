import posixpath
import re
from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import NginxConfig
from deploylint.registry import Kind, rule

_SLASHES = re.compile(r"/{2,}")


@rule(
    id="NGX032",
    name="filesystem-root-exposed",
    title="`root` or `alias` serves the whole file system (`/`)",
    kind=Kind.NGINX,
    severity=Severity.WARNING,
    tags=("security",),
    aliases=("filesystem_root_exposure",),
    security_severity=8.0,
)
def filesystem_root_exposure(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    `root /;` (or `alias /;`, or any path that normalises to `/` such as `/srv/..`) maps URLs onto
    the whole file system: `/etc/passwd`, keys, environment files of other services. Point it at
    the folder that holds the site.

    ## Example
        location / {
            root /;
        }

    ## Use instead
        location / {
            root /var/www/site;
        }
    """
    for name in ("root", "alias"):
        for d in conf.all(name):
            path = d.arg(0)
            if not path.startswith("/") or "$" in path:
                continue
            if posixpath.normpath(_SLASHES.sub("/", path)) == "/":
                yield ctx.finding(d.args[0], f"{name} {path} exposes the whole file system")
