from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import Directive, NginxConfig
from deploylint.models.nginx_vars import parts_of
from deploylint.registry import Kind, rule

#: directive -> index of the argument that is sent in a header or request line
TARGETS = {"add_header": 1, "proxy_set_header": 1, "proxy_pass": 0, "rewrite": 1, "return": 1}


@rule(
    id="NGX013",
    name="http-splitting",
    title="Variable that can hold CR/LF written into a header or request line",
    kind=Kind.NGINX,
    severity=Severity.ERROR,
    tags=("security",),
    aliases=("http_splitting",),
    security_severity=8.0,
)
def http_splitting(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    `$uri`, `$document_uri` and regex captures taken from them are *decoded*: a request for
    `/foo%0d%0aSet-Cookie:%20a=b` puts a real line break in them. Written into `add_header`,
    `return 301 ...`, `rewrite` or `proxy_set_header`/`proxy_pass`, that line break starts a new
    header (response splitting, cache poisoning, request smuggling towards the upstream). Use
    `$request_uri` (still encoded), or restrict the capture (`([^\\r\\n]*)`).

    ## Example
        location ~ ^/go/(.*) {
            return 302 https://example.com/$1;
        }

    ## Use instead
        location ~ ^/go/([^\\r\\n]*) {
            return 302 https://example.com/$1;
        }
    """
    variables = conf.variables
    for name, index in TARGETS.items():
        for d in conf.all(name):
            if name == "return" and len(d.args) == 1:
                index = 0
            if len(d.args) <= index or "$" not in d.args[index].value:
                continue
            if name == "rewrite" and not _redirects(d):
                continue  # an internal rewrite only changes the URI
            client_side = not name.startswith("proxy_")
            for piece, is_var in parts_of(d.args[index].value):
                if not is_var:
                    continue
                dom = variables.domain(piece, d, skip_own_captures=name == "rewrite")
                if dom is None:
                    continue
                char = "\\n" if dom.can_contain("\n") else "\\r" if client_side and dom.can_contain("\r") else ""
                if char:
                    yield ctx.finding(d.args[index], f"${piece} can contain {char}, which splits the {name} header")
                    break


def _redirects(d: Directive) -> bool:
    target = d.arg(1)
    return d.arg(2) in ("redirect", "permanent") or target.startswith(("http://", "https://", "$scheme"))
