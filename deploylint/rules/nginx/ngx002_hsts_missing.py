from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Applicability, Edit, Finding, Fix, Severity
from deploylint.models.nginx import Directive, Header, HeaderParam, NginxConfig
from deploylint.registry import Kind, rule
from deploylint.rules.nginx._context import inherits_unseen

SIX_MONTHS = 15768000


@rule(
    id="NGX002",
    name="hsts-missing-or-short",
    title="HTTPS server without a Strict-Transport-Security header of at least six months",
    kind=Kind.NGINX,
    severity=Severity.WARNING,
    tags=("security", "tls", "headers"),
    aliases=("hsts_header",),
    security_severity=5.0,
    fixable=True,
    needs_project=True,
)
def hsts_missing(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    Without `Strict-Transport-Security`, a browser that types `example.com` first asks over plain
    HTTP, and an attacker on the path can keep it there (SSL stripping). The header makes browsers
    go straight to HTTPS for `max-age` seconds; under six months (15768000 s) the protection lapses
    between visits. The header counts where it is in effect for the server: set on the server or
    inherited from `http` (nginx's inheritance rule applies), or set by `more_set_headers` or the
    `security_headers on` module. Servers that refuse TLS handshakes are skipped. A fragment
    whose including file is not scanned, and that sets no `add_header` of its own, may get the
    header from the unseen `http {}`: its missing header is an `info`. Development, test and
    example configs (by config `profiles`, file name or folder) are not checked: HSTS on a
    development host name pins browsers to HTTPS for it.

    ## Example
        server {
            listen 443 ssl;
            ssl_certificate /etc/ssl/site.crt;
            ssl_certificate_key /etc/ssl/site.key;
        }

    ## Use instead
        server {
            listen 443 ssl;
            ssl_certificate /etc/ssl/site.crt;
            ssl_certificate_key /etc/ssl/site.key;
            add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;
        }

    ## Fix safety
    Unsafe: a `max-age` under six months is raised to `31536000` (one year), and a server that
    sets `add_header` directives of its own (so adding one changes no inheritance) gets
    `add_header Strict-Transport-Security "max-age=31536000" always;` before its first one.
    Browsers then refuse plain HTTP to the host for a year, which cannot be taken back early: a
    part of the site still served only over HTTP stops working. `includeSubDomains` and `preload`
    are not added. A server without `add_header` of its own is not fixed (a new one would stop it
    inheriting the `http` block's headers), nor are locations that set their own headers.

    ## Differences from gixy-ng
    gixy-ng only looks at servers inside an `http` block and treats any `listen` containing
    "443" as HTTPS; we check every server with an `ssl` or `quic` listener, including `conf.d`
    fragments, and skip servers whose headers come from an include we could not read.
    """
    for server in conf.servers:
        node = server.node
        if conf.in_development(node):
            continue
        if not server.is_ssl or server.rejects_handshake or node.security_headers_module or node.opaque:
            continue
        hsts = node.header("Strict-Transport-Security")
        if hsts is None:
            # a fragment whose includer is not scanned may get the header from its http {}
            unseen = inherits_unseen(conf, ctx, node, "add_header", "more_set_headers", "add_header_inherit")
            yield ctx.finding(
                server.span,
                "HTTPS server sends no Strict-Transport-Security header",
                severity=Severity.INFO if unseen else None,
                fix=_add_hsts(node),
            )
            continue
        max_age = hsts.param("max-age")
        seconds = max_age.seconds if max_age is not None else None
        if max_age is not None and seconds is not None and seconds < SIX_MONTHS:
            yield ctx.finding(
                hsts.node,
                f"Strict-Transport-Security max-age={max_age.value} is under six months (15768000 s)",
                fix=_one_year(hsts, max_age),
            )


def _one_year(hsts: Header, max_age: HeaderParam) -> Fix | None:
    if max_age.value is None:
        return None
    span = hsts.value_span(max_age.value_start, max_age.value_start + len(max_age.value))
    if span is None:
        return None
    return Fix("raise max-age to one year", (Edit(span, "31536000"),), Applicability.UNSAFE)


def _add_hsts(server: Directive) -> Fix | None:
    own = [d for d in server.named("add_header") if d.parent is server and d.source is server.source]
    if not own:
        return None
    src = server.source
    line = own[0].span.start_line
    if src.text[src.line_start(line) : own[0].span.start_offset].strip():
        return None
    text = f'{src.indent(line)}add_header Strict-Transport-Security "max-age=31536000" always;{src.newline(line)}'
    return Fix("add a one-year HSTS header", (Edit(src.insertion(src.line_start(line)), text),), Applicability.UNSAFE)
