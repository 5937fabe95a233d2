from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.pm2 import Pm2File, scalar
from deploylint.registry import Kind, rule


@rule(
    id="PM2004",
    name="pm2-autorestart-off",
    title="autorestart is off, so a crashed app stays down",
    kind=Kind.PM2,
    severity=Severity.WARNING,
    tags=("reliability",),
)
def autorestart_off(pm2: Pm2File, ctx: Context) -> Iterator[Finding]:
    """## Why
    With `autorestart: false`, the first uncaught exception stops the app for good: PM2 shows it
    as `stopped` and nothing serves until someone runs `pm2 restart`. Keep the default (on) and use
    `max_restarts`/`min_uptime`/`exp_backoff_restart_delay` against crash loops. Jobs run by
    `cron_restart` (which is how PM2 runs scheduled tasks) are not judged, nor development files.

    ## Example
        module.exports = {
          apps: [{ name: "api", script: "server.js", autorestart: false }],
        };

    ## Use instead
        module.exports = {
          apps: [{ name: "api", script: "server.js", exp_backoff_restart_delay: 100 }],
        };
    """
    if not pm2.production:
        return
    for app in pm2.apps:
        node = scalar(app.get("autorestart"))
        if node is not None and node.as_bool() is False and not app.has("cron_restart"):
            yield ctx.finding(node, f"app {app.name!r} is not restarted when it crashes")
