from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import NginxConfig
from deploylint.models.nginx_vars import parts_of
from deploylint.registry import Kind, rule


@rule(
    id="NGX012",
    name="ssrf",
    title="`proxy_pass` target host controlled by the client (SSRF)",
    kind=Kind.NGINX,
    severity=Severity.ERROR,
    tags=("security", "proxy"),
    aliases=("ssrf",),
    security_severity=9.0,
)
def ssrf(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    When the scheme or host of `proxy_pass` comes from the request (a query argument, a header, a
    regex capture of the URL), anyone can make nginx fetch arbitrary URLs from inside your network:
    cloud metadata endpoints, admin interfaces, other tenants. Keep the host constant (or chosen
    by `map` from a fixed list) and put client input only in the path. Locations marked
    `internal` are exempt.

    ## Example
        location ~ ^/fetch/(.*)$ {
            proxy_pass http://$1;
        }

    ## Use instead
        location ~ ^/fetch/(.*)$ {
            proxy_pass http://media.internal/$1;
        }
    """
    variables = conf.variables
    for d in conf.all("proxy_pass"):
        loc = d.enclosing("location")
        if not d.args or (loc is not None and loc.first("internal") is not None):
            continue
        seen_scheme = False
        for piece, is_var in parts_of(d.args[0].value):
            if not is_var:
                rest = piece
                if not seen_scheme and "://" in rest:
                    seen_scheme = True
                    rest = rest.split("://", 1)[1]
                if "/" in rest:
                    break  # the host part ends here
                continue
            dom = variables.domain(piece, d)
            if dom is None:
                continue
            if dom.must_slash:
                break
            if dom.controlled and dom.can_contain("."):
                yield ctx.finding(d.args[0], f"${piece} from the request decides where proxy_pass connects")
                break
