from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.pm2 import Pm2File
from deploylint.registry import Kind, rule

_GRACEFUL = ("wait_ready", "listen_timeout", "kill_timeout")


@rule(
    id="PM2006",
    name="pm2-cluster-without-graceful-reload",
    title="Cluster server without graceful reload settings",
    kind=Kind.PM2,
    severity=Severity.INFO,
    tags=("deploy", "reliability"),
)
def no_graceful_reload(pm2: Pm2File, ctx: Context) -> Iterator[Finding]:
    """## Why
    `pm2 reload` replaces cluster workers one by one, but by default it counts a new worker as
    ready as soon as the process starts (not when it listens) and kills the old one 1.6 s after
    SIGINT, mid-request. `wait_ready: true` (with `process.send("ready")` once listening),
    `listen_timeout` and `kill_timeout` make the reload wait for the new worker and let the old
    one finish. Advice (info) for production cluster apps that listen on a port.

    ## Example
        module.exports = {
          apps: [{ name: "api", script: "server.js", exec_mode: "cluster", instances: "max",
                   env_production: { NODE_ENV: "production", PORT: 3000 } }],
        };

    ## Use instead
        module.exports = {
          apps: [{ name: "api", script: "server.js", exec_mode: "cluster", instances: "max",
                   wait_ready: true, listen_timeout: 10000, kill_timeout: 5000,
                   env_production: { NODE_ENV: "production", PORT: 3000 } }],
        };
    """
    for app in pm2.apps:
        if app.production and app.cluster and app.server and not app.partial:
            if not any(app.has(k) for k in _GRACEFUL):
                mode = app.get("exec_mode")
                msg = f"cluster app {app.name!r} sets none of wait_ready, listen_timeout, kill_timeout"
                yield ctx.finding(mode or app.anchor, msg)
