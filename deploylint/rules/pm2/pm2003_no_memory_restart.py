from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.pm2 import Pm2File
from deploylint.registry import Kind, rule


@rule(
    id="PM2003",
    name="pm2-no-max-memory-restart",
    title="App has no max_memory_restart",
    kind=Kind.PM2,
    severity=Severity.INFO,
    tags=("resources", "operations"),
)
def no_memory_restart(pm2: Pm2File, ctx: Context) -> Iterator[Finding]:
    """## Why
    PM2 puts no limit on a process's memory: a leak grows until the host swaps and the kernel's OOM
    killer picks a victim, which may be the database next to it. `max_memory_restart: "500M"`
    restarts the leaking process (gracefully, in cluster mode) long before that. Advice (info)
    for production apps; an app with a spread may set it elsewhere.

    ## Example
        module.exports = {
          apps: [{ name: "api", script: "server.js", env_production: { NODE_ENV: "production" } }],
        };

    ## Use instead
        module.exports = {
          apps: [{ name: "api", script: "server.js", max_memory_restart: "500M",
                   env_production: { NODE_ENV: "production" } }],
        };
    """
    for app in pm2.apps:
        if app.production and not app.partial and not app.has("max_memory_restart"):
            yield ctx.finding(app.anchor, f"app {app.name!r} has no max_memory_restart")
