from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Applicability, Finding, Fix, Severity
from deploylint.models.nginx import Directive, NginxConfig
from deploylint.registry import Kind, rule
from deploylint.rules.nginx._context import inherits_unseen
from deploylint.rules.nginx._fixes import insert_after
from deploylint.rules.nginx._hosts import ip_of, is_internal_host, split_host_port

REQUIRED = (
    ("Host", ("host",)),
    ("X-Forwarded-For (or X-Real-IP)", ("x-forwarded-for", "x-real-ip", "forwarded")),
    ("X-Forwarded-Proto", ("x-forwarded-proto", "forwarded")),
)
#: what the fix adds for each missing label of REQUIRED
ADDED = {
    "Host": ("Host $host",),
    "X-Forwarded-For (or X-Real-IP)": ("X-Real-IP $remote_addr", "X-Forwarded-For $proxy_add_x_forwarded_for"),
    "X-Forwarded-Proto": ("X-Forwarded-Proto $scheme",),
}


def _own_upstream(upstreams: set[str], target: str) -> bool:
    """``proxy_pass`` goes to the project's own application: a variable, an ``upstream`` block, an
    unqualified name (a Compose service), a loopback or private address, an internal domain; not a
    public host such as a CDN or a third-party API. ``upstreams``: the names of the configuration's
    ``upstream`` blocks, gathered once (gathering them per ``proxy_pass`` made 10,000 of each run
    into the time budget)."""
    if target.startswith("$"):
        return True
    authority = target.split("://", 1)[-1].split("/", 1)[0].split("?", 1)[0]
    host = split_host_port(authority.rpartition("@")[2])
    if "$" in host or host in upstreams:
        return True
    ip = ip_of(host)
    if ip is not None:
        return not ip.is_global
    return is_internal_host(host)


@rule(
    id="NGX007",
    name="proxy-headers-missing",
    title="`proxy_pass` without forwarding Host, client address and scheme",
    kind=Kind.NGINX,
    severity=Severity.WARNING,
    tags=("proxy",),
    fixable=True,
    needs_project=True,
)
def proxy_headers_missing(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    By default nginx sends the upstream `Host: <proxy_pass host>` and no client address or scheme.
    The application then builds wrong absolute URLs and redirects (to `http://app:8000/...`),
    logs the proxy's IP for every visitor and cannot tell HTTPS from HTTP (redirect loops, insecure
    cookies). Set `Host`, `X-Forwarded-For` (or `X-Real-IP`) and `X-Forwarded-Proto`; they count
    where they are in effect, with nginx's inheritance rule (a location with any
    `proxy_set_header` of its own inherits none from the server). A fragment (a `conf.d` site or
    a snippet) is judged inside the file that includes it when that file is scanned; when it is
    not, and the fragment sets no `proxy_set_header` on the way up from the `proxy_pass`, the
    headers may come from the unseen `http {}` and nothing is reported. `proxy_pass` in a
    `stream {}` block forwards TCP, not HTTP, and is not checked. Only the project's own
    upstreams are checked (an `upstream` block, a Compose service or other unqualified name, a
    loopback or private address, an internal domain, a variable): a location that fetches from a
    public host (a CDN, a third-party API) should not hand it the client's address.
    `X-Forwarded-Proto` is asked for only in a server that can receive HTTPS (`listen ... ssl`,
    `quic`, or `ssl on`): a server that listens on plain HTTP alone is either reached over plain
    HTTP, where the application's default is right, or sits behind a TLS proxy whose own
    `X-Forwarded-Proto` nginx passes through unchanged, which `$scheme` (always `http` there)
    would overwrite.

    ## Example
        http {
            server {
                listen 443 ssl;
                location / {
                    proxy_pass http://app:8000;
                }
            }
        }

    ## Use instead
        location / {
            proxy_pass http://app:8000;
            proxy_set_header Host $host;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }

    ## Fix safety
    Unsafe: the missing headers (`Host $host`, `X-Real-IP $remote_addr` with `X-Forwarded-For
    $proxy_add_x_forwarded_for`, `X-Forwarded-Proto $scheme`, only those not in effect) are added
    on lines of their own just after the `proxy_pass`, at its indentation, in the file that holds
    it. The upstream then sees the client's host name instead of the `proxy_pass` host (an
    upstream that routes on its own name may answer differently), and an application that trusts
    these headers starts using the client's address and scheme. A location without
    `proxy_set_header` of its own inherits the server's; adding one would stop that, so the
    inherited ones are copied in first, as written. No fix when the `proxy_pass` shares its line,
    sits in an `if` or `limit_except` block or in a file included into the location, or when an
    inherited header spans several lines.
    """
    upstreams = {u.arg(0) for u in conf.upstreams}
    for d in conf.all("proxy_pass"):
        if not d.arg(0).startswith(("http://", "https://", "$")) or not _own_upstream(upstreams, d.arg(0)):
            continue
        level = d.level
        if level is None or level.opaque or d.enclosing("stream") is not None:
            continue
        if inherits_unseen(conf, ctx, d, "proxy_set_header"):
            continue  # a fragment whose includer is not scanned: its http {} may set them
        have = level.proxy_headers
        server = conf.server_of(d)
        # a server that only listens on plain HTTP sees no scheme of its own worth sending: behind
        # a TLS proxy, nginx passes that proxy's X-Forwarded-Proto through, and `$scheme` would
        # overwrite its `https` with `http`
        plain = server is not None and not server.virtual and not server.is_ssl
        missing = [
            label
            for label, names in REQUIRED
            if not any(n in have for n in names) and not (plain and label == "X-Forwarded-Proto")
        ]
        if missing:
            yield ctx.finding(d, f"proxy_pass does not forward {', '.join(missing)}", fix=_add(d, level, missing))


def _add(proxy_pass: Directive, level: Directive, missing: list[str]) -> Fix | None:
    """``proxy_set_header`` lines for ``missing`` after ``proxy_pass``, preceded by copies of the
    inherited ones when the location sets none of its own."""
    if level.name != "location" or proxy_pass.parent is not level:
        return None
    lines: list[str] = []
    if not level.named("proxy_set_header"):
        for h in level.effective_array("proxy_set_header"):
            if h.span.start_line != h.span.end_line:
                return None
            lines.append(h.source.text[h.span.start_offset : h.span.end_offset])
    lines += [f"proxy_set_header {header};" for label in missing for header in ADDED[label]]
    edit = insert_after(proxy_pass, lines)
    if edit is None:
        return None
    return Fix(f"forward {', '.join(missing)}", (edit,), Applicability.UNSAFE)
