from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Confidence, Finding, Severity
from deploylint.models.nginx import Location, NginxConfig
from deploylint.models.nginx_regex import capture_refs, char_before_group, parse_regex
from deploylint.registry import Kind, rule


@rule(
    id="NGX016",
    name="alias-path-traversal",
    title="`alias` in a location without a trailing slash (path traversal)",
    kind=Kind.NGINX,
    severity=Severity.ERROR,
    tags=("security",),
    aliases=("alias_traversal",),
    security_severity=8.5,
)
def alias_traversal(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    With `location /files { alias /srv/files/; }` a request for `/files../etc/passwd` matches the
    prefix `/files` and becomes `/srv/files/../etc/passwd`: the classic off-by-slash traversal.
    The location prefix must end with `/` like the alias. When neither ends with `/`
    (`location /static { alias /srv/static; }`) there is no `..` step to take (`/static../x`
    becomes the name `/srv/static../x`), but `/static-old/x` reaches a sibling folder
    `/srv/static-old`: an `info` with low confidence, worth knowing, not a traversal. In a regex location the same happens
    when a captured group that can start with `.` is glued to the alias without a `/` in between,
    as in `location ~ /img(.*) { alias /srv/img/$1; }`.

    ## Example
        location /files {
            alias /srv/files/;
        }

    ## Use instead
        location /files/ {
            alias /srv/files/;
        }

    ## Differences from gixy-ng
    gixy-ng rates a location and an alias that both lack the slash as medium; here it is an
    `info` (no `..` escape, only sibling folders sharing the name's prefix).
    """
    for d in conf.all("alias"):
        loc_node = d.enclosing("location")
        if loc_node is None or not d.args:
            continue
        loc = Location(loc_node)
        target = d.args[0].value
        if loc.modifier in ("", "^~"):
            if loc.path and not loc.path.endswith("/"):
                if target.endswith("/"):
                    yield ctx.finding(
                        d,
                        f"location {loc.path} lacks a trailing slash, so {loc.path}../ escapes the alias",
                    )
                else:
                    yield ctx.finding(
                        d,
                        f"location {loc.path} and alias {target} both lack a trailing slash, so "
                        f"{loc.path}-x reaches the sibling folder {target}-x",
                        severity=Severity.INFO,
                        confidence=Confidence.LOW,
                    )
        elif loc.is_regex:
            regex = parse_regex(loc.path, caseless=loc.modifier == "~*")
            if regex is None:
                continue
            for n in sorted(capture_refs(target)):
                first = regex.group_first(n) if 0 < n <= regex.groups else None
                if first is None or not any(cs.contains(".") for cs in first):
                    continue
                glued_alias = not target.split(f"${n}", 1)[0].endswith("/")
                if glued_alias or char_before_group(loc.path, n) != "/":
                    yield ctx.finding(d, f"${n} can start with '..' and is joined to the alias without a slash")
                    break
