from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.pm2 import Pm2File
from deploylint.registry import Kind, rule


@rule(
    id="PM2001",
    name="pm2-production-app-not-clustered",
    title="Production Node app not in cluster mode",
    kind=Kind.PM2,
    severity=Severity.INFO,
    tags=("deploy", "performance"),
)
def not_cluster_mode(pm2: Pm2File, ctx: Context) -> Iterator[Finding]:
    """## Why
    In the default fork mode PM2 runs one Node process: one CPU core serves every request, and
    `pm2 reload` has no second worker to hand over to, so each deploy drops connections. For a
    Node server, `exec_mode: "cluster"` with `instances` (a number or `"max"`) uses the cores and
    makes reloads zero-downtime. Advice (info) for production apps that run a Node script; apps
    that run another interpreter or `npm` are not judged, and an app with a spread may set it
    elsewhere.

    ## Example
        module.exports = {
          apps: [{ name: "api", script: "server.js", env_production: { NODE_ENV: "production", PORT: 3000 } }],
        };

    ## Use instead
        module.exports = {
          apps: [{ name: "api", script: "server.js", exec_mode: "cluster", instances: "max",
                   env_production: { NODE_ENV: "production", PORT: 3000 } }],
        };
    """
    for app in pm2.apps:
        if app.production and app.is_node and not app.partial and not app.cluster:
            what = "server" if app.server else "app"
            mode = app.get("exec_mode")
            yield ctx.finding(mode or app.anchor, f"production {what} {app.name!r} runs in fork mode (one process)")
