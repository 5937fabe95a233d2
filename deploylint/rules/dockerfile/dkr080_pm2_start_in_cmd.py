from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Cmd, Dockerfile, Entrypoint
from deploylint.registry import Kind, rule

_LAUNCHERS = ("npx", "yarn", "pnpm")


@rule(
    id="DKR080",
    name="pm2-start-in-container",
    title="CMD or ENTRYPOINT runs 'pm2 start', which daemonises",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("runtime", "pm2"),
)
def pm2_start_in_cmd(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `pm2 start` hands the app to a background PM2 daemon and exits, so the container's main process
    ends at once: the container stops (or restarts in a loop) while the app was just starting, and
    signals from `docker stop` never reach it. `pm2-runtime` is PM2's foreground entry point for
    containers (same ecosystem file, same cluster mode), and so is `pm2 start --no-daemon`. Only
    the final image's stages are checked.

    ## Example
        FROM node:20-slim
        CMD ["pm2", "start", "ecosystem.config.js", "--env", "production"]

    ## Use instead
        FROM node:20-slim
        CMD ["pm2-runtime", "start", "ecosystem.config.js", "--env", "production"]
    """
    for stage in df.final_image_stages:
        for ins in stage.instructions:
            if not isinstance(ins, (Cmd, Entrypoint)):
                continue
            for argv in ins.argvs(df.source):
                words = list(argv[1:]) if argv and argv[0].value in _LAUNCHERS else list(argv)
                texts = [w.value for w in words]
                if texts[:2] == ["pm2", "start"] and "--no-daemon" not in texts:
                    msg = f"{ins.keyword.value} runs 'pm2 start', which daemonises and exits; use pm2-runtime"
                    yield ctx.finding(words[0], msg)
