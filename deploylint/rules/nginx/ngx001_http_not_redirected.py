from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Applicability, Edit, Finding, Fix, Severity
from deploylint.models.nginx import NginxConfig, Server, is_acme_location
from deploylint.registry import Kind, rule
from deploylint.rules.nginx._fixes import block_step, insert_after, lines_of, own_lines

REDIRECT = "return 301 https://$host$request_uri;"
#: what a redirecting server keeps: where it listens, which names it answers, where it logs
KEPT = frozenset({"listen", "server_name", "access_log", "error_log"})
#: names that stand for no name (a catch-all server)
NO_NAMES = frozenset({"", "_", '""'})


@rule(
    id="NGX001",
    name="http-not-redirected-to-https",
    title="Plain-HTTP server serves content instead of redirecting to HTTPS",
    kind=Kind.NGINX,
    severity=Severity.WARNING,
    tags=("security", "tls"),
    security_severity=5.0,
    fixable=True,
    needs_project=True,
)
def http_not_redirected(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    A server listening on port 80 without TLS that proxies or serves files sends pages, cookies
    and credentials in clear text, and lets an attacker on the path rewrite them. The port-80
    server should only redirect to HTTPS (ACME challenge locations aside) or refuse the request.
    Only port 80 on a public address is checked, and only where nothing says a TLS-terminating
    proxy stands in front. These count as saying so (each is a choice the operator wrote down):

    - an internal port (8080, 3000: anything but 80), a loopback address (`listen 127.0.0.1:80`)
      or `server_name localhost`;
    - `real_ip_header` or `set_real_ip_from` in effect: the server trusts a proxy's client address;
    - a use of the scheme a proxy reports: `$http_x_forwarded_proto` (or `X-Forwarded-Ssl`,
      `X-Forwarded-Scheme`, `CloudFront-Forwarded-Proto`, `Forwarded`) in a condition, a
      `proxy_set_header`, or a `map` whose result the server uses;
    - in the project, the compose service that mounts this config is the upstream of another
      scanned nginx config, carries Traefik or Caddy routing labels or a `VIRTUAL_HOST`, or
      publishes no ports while its compose file runs a proxy image (Traefik, Caddy, HAProxy,
      Envoy, nginx-proxy).

    Development, test and example configs (by config `profiles`, file name or folder: `dev/`,
    `test/`, `examples/`...) serve plain HTTP on purpose and are not checked.

    Weaker hints are not enough: a port mapping such as `8080:80`, an `X-Forwarded-For` header
    sent upstream (every proxy sends one) or a `server_name` that looks internal.

    ## Example
        server {
            listen 80;
            server_name example.com;
            location / {
                proxy_pass http://app:8000;
            }
        }

    ## Use instead
        server {
            listen 80;
            server_name example.com;
            location /.well-known/acme-challenge/ {
                root /var/www/certbot;
            }
            location / {
                return 301 https://$host$request_uri;
            }
        }

    ## Fix safety
    Unsafe: the server stops serving content over plain HTTP. Its body is replaced by `return 301
    https://$host$request_uri;`: `listen`, `server_name`, `access_log` and `error_log` stay, and
    so do ACME challenge locations (`location /.well-known/acme-challenge/ {...}`), with the
    server's `root` they may read from; the redirect then goes into a new `location / {...}`
    (a `return` at the server level would answer the challenges too). Comments on lines of their
    own stay; a comment after a removed directive, and everything inside a removed block, goes
    with it. A server that listens both with and without TLS gets `if ($scheme = http) { return
    301 ...; }` after its `listen` and `server_name` lines instead. The fix is only offered when
    the scanned configuration has an HTTPS server for every name of this one (or an HTTPS
    default server, for a server without names): otherwise the redirect would lead nowhere, and a
    related location says so. Clients that cannot speak HTTPS, and plain-HTTP health checks,
    stop getting content. No fix for a server that includes other files, whose directives share
    lines, or that listens both ways and has an ACME location.
    """
    project = ctx.project
    https: _Https | None = None
    for server in conf.servers:
        if server.virtual or server.redirects_or_refuses or server.behind_proxy is not None:
            continue
        if conf.in_development(server.node):
            continue
        if project is not None and project.nginx_behind_proxy(server.node.source.path) is not None:
            continue
        names = {a.value for a in server.server_names}
        if names and names <= {"localhost", "127.0.0.1", "[::1]"}:
            continue
        for ls in server.listens:
            if ls.ssl or ls.quic or ls.loopback or ls.port != 80:
                continue
            where = ls.node.name_span if ls.node is not None else server.node.name_span
            https = https or _Https(conf)
            fix, why = _redirect(server, https)
            related = (ctx.location(server.span, note=why),) if why else ()
            yield ctx.finding(
                where,
                "Plain-HTTP server serves content instead of redirecting to HTTPS; "
                "use `return 301 https://$host$request_uri;` on port 80",
                fix=fix,
                related=related,
            )
            break


def _names(server: Server) -> set[str]:
    return {a.value.lower() for a in server.server_names} - NO_NAMES


class _Https:
    """What the configuration's HTTPS servers answer, gathered once per configuration (asked for
    each plain-HTTP server: 8,000 servers asked it of each other 64 million times)."""

    def __init__(self, conf: NginxConfig) -> None:
        servers = [s for s in conf.servers if not s.virtual and s.is_ssl and not s.rejects_handshake]
        self.names = {n for s in servers for n in _names(s)}
        self.default = any(not _names(s) or any(ls.default_server for ls in s.listens if ls.ssl) for s in servers)

    def missing_for(self, server: Server) -> str | None:
        """Why a redirect to HTTPS would lead nowhere: the names of ``server`` that no HTTPS
        server of the configuration answers (or None when every one is answered)."""
        names = _names(server)
        if not names:
            return (
                None if self.default else "no fix: the scanned configuration has no HTTPS default server to redirect to"
            )
        missing = sorted(names - self.names)
        if not missing:
            return None
        shown = ", ".join(f"'{n}'" for n in missing[:3]) + (", ..." if len(missing) > 3 else "")
        return f"no fix: the scanned configuration has no HTTPS server for {shown}"


def _redirect(server: Server, https: _Https) -> tuple[Fix | None, str | None]:
    """The fix that turns ``server`` into a redirect to HTTPS, or why there is none."""
    node = server.node
    if node.block is None or any(c.name == "include" for c in node.block):
        return None, "no fix: the server includes other files" if node.block else None
    why = https.missing_for(server)
    if why is not None:
        return None, why
    acme = [c for c in node.block if c.name == "location" and c.block is not None and is_acme_location(c)]
    if any(ls.ssl or ls.quic for ls in server.listens):
        if acme:
            return None, "no fix: the server also serves TLS and has an ACME challenge location"
        return _scheme_redirect(server), None
    kept = {id(c) for c in node.block if c.name in KEPT or c in acme or (acme and c.name == "root")}
    removed = [c for c in node.block if id(c) not in kept]
    if any(is_acme_location(d) for c in removed for d in c.walk() if d.name == "location"):
        return None, None  # an ACME location nested in one that goes
    step = block_step(node)
    lines = ["location / {", f"{step}{REDIRECT}", "}"] if acme else [REDIRECT]
    if not removed:
        edit = insert_after(node.block[-1], lines) if node.block else None
        return (Fix("redirect to HTTPS", (edit,), Applicability.UNSAFE) if edit else None), None
    regions = [lines_of(c) for c in removed]
    if any(r is None for r in regions):
        return None, None
    src = node.source
    starts = {r[0] for r in regions if r is not None}
    close = node.span.end_offset - 1
    edits = []
    for i, region in enumerate(regions):
        assert region is not None
        start, end = region
        end = _past_blank_lines(src.text, end, starts, close)
        text = (
            own_lines(lines, src, removed[0].span.start_line, src.indent(removed[0].span.start_line)) if i == 0 else ""
        )
        edits.append(Edit(src.span(start, end), text))
    return Fix("redirect to HTTPS", tuple(edits), Applicability.UNSAFE), None


def _past_blank_lines(text: str, end: int, starts: set[int], close: int) -> int:
    """``end`` moved over the blank lines after it when what follows them goes too (another
    removed directive, or the server's closing brace), so no run of blank lines is left."""
    j = end
    while j < close:
        nl = text.find("\n", j)
        if nl < 0 or text[j:nl].strip():
            break
        j = nl + 1
    rest = j + len(text[j : close + 1]) - len(text[j : close + 1].lstrip(" \t"))
    return j if j in starts or rest == close else end


def _scheme_redirect(server: Server) -> Fix | None:
    """``if ($scheme = http) { return 301 ...; }`` after the last ``listen``/``server_name``."""
    node = server.node
    heads = [c for c in node.block or () if c.name in ("listen", "server_name")]
    if not heads:
        return None
    step = block_step(node)
    edit = insert_after(heads[-1], ["if ($scheme = http) {", f"{step}{REDIRECT}", "}"])
    return Fix("redirect plain HTTP to HTTPS", (edit,), Applicability.UNSAFE) if edit else None
