from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Applicability, Edit, Finding, Fix, Severity
from deploylint.models.nginx import Directive, NginxConfig
from deploylint.registry import Kind, rule


@rule(
    id="NGX010",
    name="listen-http2-deprecated",
    title="`listen ... http2` is deprecated; use `http2 on;`",
    kind=Kind.NGINX,
    severity=Severity.INFO,
    tags=("deprecated",),
    fixable=True,
)
def listen_http2(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    Since nginx 1.25.1 the `http2` parameter of `listen` is deprecated (nginx logs a warning on
    every start) in favour of the `http2 on;` directive, which can be set per server.

    ## Example
        server {
            listen 443 ssl http2;
        }

    ## Use instead
        server {
            listen 443 ssl;
            http2 on;
        }

    ## Fix safety
    Unsafe: the `http2` parameter is removed from `listen` and `http2 on;` is added on the next
    line of the server's first such `listen` (unless the server already has an `http2` directive). That is
    the same configuration on nginx 1.25.1 and later, but older nginx does not know the `http2`
    directive and refuses to start, so check the version you deploy. On 1.25.1 and later the
    `listen` parameter enabled HTTP/2 for every server on that address; `http2 on;` enables it for
    this server only, so other servers sharing the socket need their own. A `listen` that shares
    its line with another directive, or is not directly inside a `server` block, is not fixed.
    """
    for d in conf.all("listen"):
        for a in d.args[1:]:
            if a.value == "http2":
                yield ctx.finding(
                    a,
                    "`listen ... http2` is deprecated since nginx 1.25.1; use `http2 on;`",
                    fix=_http2_on(d, d.args.index(a)),
                )


def _http2_on(listen: Directive, i: int) -> Fix | None:
    server = listen.parent
    if server is None or server.name != "server" or listen.source is not server.source:
        return None
    src = listen.source
    line, last = listen.span.start_line, listen.span.end_line
    start, end = src.line_start(line), src.line_start(last + 1)
    rest = src.text[listen.span.end_offset : end].strip()
    if last >= src.line_count or src.text[start : listen.span.start_offset].strip() or rest[:1] not in ("", "#"):
        return None
    drop = Edit(src.span(listen.args[i - 1].span.end_offset, listen.args[i].span.end_offset), "")
    edits = [drop]
    with_http2 = [d for d in server.named("listen") if "http2" in d.values[1:]]
    if any(d.source is not src for d in with_http2) or any(d.arg(0) != "on" for d in server.named("http2")):
        return None  # a listen in an included file, or an `http2 off;` that the parameter overrode
    if with_http2[0] is listen and not server.named("http2"):  # one `http2 on;` per server
        edits.append(Edit(src.insertion(end), f"{src.indent(line)}http2 on;{src.newline(last)}"))
    return Fix("move http2 to 'http2 on;'", tuple(edits), Applicability.UNSAFE)
