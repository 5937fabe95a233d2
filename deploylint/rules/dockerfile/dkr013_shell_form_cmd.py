import re
from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Cmd, Dockerfile, Entrypoint
from deploylint.registry import Kind, rule

_SHELL_SYNTAX = re.compile(r"[;&|<>$`'\"()]")


@rule(
    id="DKR013",
    name="shell-form-cmd",
    title="CMD or ENTRYPOINT in shell form",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("runtime", "signals"),
    aliases=("DL3025", "JSONArgsRecommended"),
)
def shell_form_cmd(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    In shell form, `CMD node server.js` runs `/bin/sh -c "node server.js"`: the shell is PID 1
    and does not forward SIGTERM, so `docker stop` waits 10 seconds and then kills the app
    without a graceful shutdown. Only the final image's stages are checked; a shell command
    starting with `exec` replaces the shell and passes.

    ## Example
        FROM node:20-slim
        CMD node server.js

    ## Use instead
        FROM node:20-slim
        CMD ["node", "server.js"]

    ## Differences from hadolint
    DL3025 also fires in builder stages, whose CMD never runs, and (since 2.15) on
    `HEALTHCHECK CMD`, where the shell form is harmless.
    """
    for stage in df.final_image_stages:
        for ins in stage.instructions:
            if not isinstance(ins, (Cmd, Entrypoint)) or not ins.is_shell_form or ins.rest is None:
                continue
            words = ins.rest.value.split()
            if words and words[0] == "exec":
                continue
            if _SHELL_SYNTAX.search(ins.rest.value):
                hint = "use the exec form with a start script, or begin the command with exec"
            else:
                hint = "use " + '["' + '", "'.join(words[:2]) + ('", ...]' if len(words) > 2 else '"]')
            msg = f"{ins.keyword.value} in shell form runs under /bin/sh, which does not pass signals on; {hint}"
            yield ctx.finding(ins, msg)
