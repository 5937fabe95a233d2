from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.project import Cause, Project, Unresolved
from deploylint.registry import Kind, rule


@rule(
    id="PRJ004",
    name="proxy-to-unknown-service",
    title="nginx proxies to a host that is no compose service",
    kind=Kind.PROJECT,
    severity=Severity.WARNING,
    tags=("cross-file", "nginx", "compose", "breakage"),
)
def proxy_host_unknown(project: Project, ctx: Context) -> Iterator[Finding]:
    """## Why
    Inside a compose network, nginx reaches other containers by service name, network alias,
    `container_name` or `hostname`. A typo (`proxy_pass http://ap1:3000`) or a service renamed in
    compose.yaml makes nginx fail at start-up ("host not found in upstream"). The rule looks at
    the compose files that mount this nginx config, or else those in the folders above it, and
    only at single-label host names (`api`, not `api.example.com`), so external upstreams are
    never flagged. It is quiet when no compose file belongs with the config.

    ## Example
        (a project: nginx.conf says `proxy_pass http://ap1:3000;` and compose.yaml
        defines only `api`)

    ## Use instead
        (`proxy_pass http://api:3000;`)
    """
    for t in project.upstreams:
        if not isinstance(t.service, Unresolved) or not t.candidates:
            continue
        if "." in t.host or ":" in t.host or t.host.startswith("[") or t.service.cause is Cause.LOCAL_ADDRESS:
            continue
        names = sorted({s.name.value for c in t.candidates for s in c.services})
        related = tuple(ctx.location(c.source.line_span(1), note="compose file") for c in t.candidates[:3])
        msg = f"nginx proxies to {t.host!r}, which is no service, alias or container name in compose ({', '.join(names[:8])})"
        yield ctx.finding(t.arg.span, msg, related=related)
