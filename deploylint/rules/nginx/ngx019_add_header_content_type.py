from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import NginxConfig
from deploylint.profiles import in_development
from deploylint.registry import Kind, rule

HIDERS = ("proxy_hide_header", "fastcgi_hide_header", "uwsgi_hide_header", "scgi_hide_header", "grpc_hide_header")
#: content handlers whose upstream sends its own Content-Type -> the directive that hides it
PASSES = {
    "proxy_pass": "proxy_hide_header",
    "fastcgi_pass": "fastcgi_hide_header",
    "uwsgi_pass": "uwsgi_hide_header",
    "scgi_pass": "scgi_hide_header",
    "grpc_pass": "grpc_hide_header",
}


@rule(
    id="NGX019",
    name="add-header-content-type",
    title="Content-Type set with `add_header` (use `default_type`)",
    kind=Kind.NGINX,
    severity=Severity.WARNING,
    tags=("headers",),
    aliases=("add_header_content_type",),
)
def add_header_content_type(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    `add_header Content-Type ...` does not replace the type nginx already sends: the response
    carries two `Content-Type` headers, and browsers pick one (some pick the first, which is the
    real one). Use `default_type` (or `types {}`) to set the type, or hide the upstream's header
    first with `proxy_hide_header Content-Type` when you mean to override it (in a proxied
    location `default_type` does nothing, so the message says which `*_hide_header` to use). Development,
    test and example configs (see `deploylint.profiles`) are not judged.

    ## Example
        location /api/ {
            add_header Content-Type application/json;
        }

    ## Use instead
        location /api/ {
            default_type application/json;
        }
    """
    for d in conf.all("add_header"):
        if d.arg(0).lower() != "content-type" or in_development(d.source.path, ctx.settings):
            continue
        level = d.level
        if level is not None and any(
            h.arg(0).lower() == "content-type" for name in HIDERS for h in level.effective_array(name)
        ):
            continue
        passer = next((p for p in PASSES if level is not None and level.named(p)), None)
        if passer is not None:  # default_type does not apply to a proxied response
            msg = f"add_header Content-Type adds a second Content-Type to the upstream's; hide that with {PASSES[passer]} Content-Type first"
        else:
            msg = "add_header Content-Type adds a second Content-Type; use default_type"
        yield ctx.finding(d, msg)
