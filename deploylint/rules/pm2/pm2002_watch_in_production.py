from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.pm2 import Pm2File
from deploylint.registry import Kind, rule


@rule(
    id="PM2002",
    name="pm2-watch-in-production",
    title="watch is on for a production app",
    kind=Kind.PM2,
    severity=Severity.WARNING,
    tags=("deploy", "reliability"),
)
def watch_in_production(pm2: Pm2File, ctx: Context) -> Iterator[Finding]:
    """## Why
    `watch` restarts the app whenever a file under it changes: in production that is every deploy
    step that writes a file, every log file written inside the app folder and every upload, each a
    hard restart (not a reload) that drops the requests in flight. Keep `watch` for development
    (`env_development`, or a separate ecosystem file) and deploy with `pm2 reload`.

    ## Example
        module.exports = {
          apps: [{ name: "api", script: "server.js", watch: true, env_production: { NODE_ENV: "production" } }],
        };

    ## Use instead
        module.exports = {
          apps: [{ name: "api", script: "server.js", watch: false, env_production: { NODE_ENV: "production" } }],
        };
    """
    for app in pm2.apps:
        w = app.watch
        if app.production and w is not None:
            yield ctx.finding(w, f"app {app.name!r} restarts on every file change in production")
