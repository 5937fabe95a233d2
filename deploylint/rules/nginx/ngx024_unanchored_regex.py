import re
from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import Location, NginxConfig
from deploylint.registry import Kind, rule

# a pattern ending in a file extension: \.php, \.(php|phtml), \.[a-z]+
_EXTENSION_TAIL = re.compile(r"\\\.(?:[A-Za-z0-9]+|\([A-Za-z0-9|]+\)|\[[A-Za-z0-9-]+\][+*]?)\)?$")


@rule(
    id="NGX024",
    name="unanchored-extension-regex",
    title="Extension regex location without a `$` anchor",
    kind=Kind.NGINX,
    severity=Severity.WARNING,
    tags=("security", "regex"),
    aliases=("unanchored_regex",),
    security_severity=5.0,
)
def unanchored_regex(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    `location ~ \\.php` matches any URL that merely contains `.php`: `/upload/avatar.php.jpg` or
    `/x.phpinfo`, so an uploaded image can be handed to PHP-FPM and executed. Anchor extension
    patterns at the end with `$`. Locations that only deny access (`deny all;`, `return 403;`)
    are exempt: matching more there is the intent.

    ## Differences from gixy-ng
    gixy-ng also reports deny-only locations such as `location ~ /\\.ht { deny all; }`.

    ## Example
        location ~ \\.php {
            fastcgi_pass unix:/run/php-fpm.sock;
        }

    ## Use instead
        location ~ \\.php$ {
            fastcgi_pass unix:/run/php-fpm.sock;
        }
    """
    for loc in conf.locations:
        if loc.is_regex and _EXTENSION_TAIL.search(loc.path) and not _refuses(loc):
            arg = Location(loc.node).path_arg
            if arg is not None:
                yield ctx.finding(
                    arg,
                    f"regex {loc.path!r} is not anchored with $ and matches more than the extension",
                )


def _refuses(loc: Location) -> bool:
    """A location that only denies access: matching more URLs is the point (``~ /\\.ht``)."""
    for d in loc.node.children:
        if (d.name == "deny" and d.arg(0) == "all") or (d.name == "return" and d.arg(0)[:1] == "4"):
            return True
    return False
