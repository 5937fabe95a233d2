from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.project import ComposeService, Project
from deploylint.models.urls import LOCAL_HOSTS
from deploylint.registry import Kind, rule


@rule(
    id="PRJ002",
    name="proxy-to-unlistened-port",
    title="nginx proxies to a port the compose service does not listen on",
    kind=Kind.PROJECT,
    severity=Severity.WARNING,
    tags=("cross-file", "nginx", "compose", "breakage"),
)
def proxy_port_not_listened(project: Project, ctx: Context) -> Iterator[Finding]:
    """## Why
    `proxy_pass http://api:8080` reaches the compose service `api` on port 8080 of its container.
    When the service's Dockerfile EXPOSEs 3000, its `expose:`/`ports:` say 3000 and its command
    says `--port 3000`, nginx answers every request with 502 Bad Gateway. The ports a service
    listens on come from EXPOSE in the Dockerfile it builds (or the stage its `target:` names),
    `expose:`, the container side of `ports:`, plain `--port`/`-p`/`--bind` flags and a literal
    `PORT` variable in its command and environment, the ports of the PM2 apps when the image runs
    the project's ecosystem file with `pm2-runtime`, and the default port of well-known images
    (nginx 80, postgres 5432...). The rule stays quiet when none of these is known.

    An upstream on the local host (`127.0.0.1`, `localhost`) is compared with the `PORT` the
    project's PM2 ecosystem apps set or pass as `--port`/`-p` in `args` (the way nginx fronts Node
    under PM2 on one server), when the scan holds an ecosystem file that sets one.

    ## Example
        (a project: nginx/default.conf says `proxy_pass http://api:8080;` while
        compose.yaml builds `api` from a Dockerfile that says `EXPOSE 3000`)

    ## Use instead
        (`proxy_pass http://api:3000;`)
    """
    for t in project.upstreams:
        if not isinstance(t.service, ComposeService) or t.port is None or not t.listens:
            continue
        ports = {lp.port for lp in t.listens}
        if t.port in ports:
            continue
        related = tuple(
            ctx.location(lp.at.span, note=f"{t.service.name} listens on {lp.port} ({lp.how})")
            for lp in t.listens
            if lp.at is not None
        )[:5]
        listed = ", ".join(str(p) for p in sorted(ports))
        msg = f"nginx sends traffic to {t.host}:{t.port}, but compose service {t.service.name!r} listens on {listed}"
        yield ctx.finding(t.arg.span, msg, related=related)
    if not project.upstreams:
        return
    listens = project.pm2_listens  # only scans with nginx upstreams get here
    ports = {lp.port for lp in listens}
    for t in project.upstreams if listens else ():
        if t.host not in LOCAL_HOSTS or t.port is None or t.port in ports:
            continue
        related = tuple(ctx.location(lp.at.span, note=f"PM2 app {lp.app!r} listens on {lp.port}") for lp in listens[:5])
        listed = ", ".join(str(p) for p in sorted(ports))
        msg = f"nginx sends traffic to {t.host}:{t.port}, but the PM2 apps listen on {listed}"
        yield ctx.finding(t.arg.span, msg, related=related)
