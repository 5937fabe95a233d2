import json
from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Applicability, Edit, Finding, Fix, Severity
from deploylint.models.dockerfile import Cmd, Dockerfile, Entrypoint, Stage
from deploylint.registry import Kind, rule
from deploylint.shell.model import Command, Script


@rule(
    id="DKR013",
    name="shell-form-cmd",
    title="CMD or ENTRYPOINT in shell form",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("runtime", "signals"),
    aliases=("DL3025", "JSONArgsRecommended"),
    fixable=True,
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

    ## Fix safety
    Unsafe: the command then runs without a shell, as PID 1, so it receives SIGTERM itself (the
    point of the change) and must handle it; anything the shell did is gone (it had no
    variables, globs, quotes that matter or operators, or no fix is offered). An ENTRYPOINT in
    exec form also receives the CMD as arguments, so an ENTRYPOINT whose stage has a CMD is not
    fixed. Only a one-line command of literal words, with the default `/bin/sh -c` shell, is
    fixed.

    ## Differences from hadolint
    DL3025 also fires in builder stages, whose CMD never runs, and (since 2.15) on
    `HEALTHCHECK CMD`, where the shell form is harmless.
    """
    for stage in df.final_image_stages:
        for ins in stage.instructions:
            if not isinstance(ins, (Cmd, Entrypoint)) or not ins.is_shell_form or ins.rest is None:
                continue
            script = _script(ins)
            first = script.commands[0] if script.commands else None
            if first is not None and first.name is not None and first.name.value == "exec":
                continue
            simple = _simple(script)
            if simple is None:
                hint = "use the exec form with a start script, or begin the command with exec"
            else:
                words = [w.raw for w in simple.words]
                hint = "use " + '["' + '", "'.join(words[:2]) + ('", ...]' if len(words) > 2 else '"]')
            msg = f"{ins.keyword.value} in shell form runs under /bin/sh, which does not pass signals on; {hint}"
            yield ctx.finding(ins, msg, fix=_exec_form(ins, stage, df, script))


def _script(ins: Cmd | Entrypoint) -> Script:
    """The shell form, as the model parsed it with the shared shell layer."""
    script = ins.shell_script
    assert script is not None
    return script


def _one_command(script: Script) -> Command | None:
    """The script's one simple top-level command (in ``sh -c 'x'`` the ``x`` runs inside): no list, pipe,
    redirect, subshell or assignment."""
    top = [c for c in script.commands if not c.contexts]
    if script.errors or script.heredocs or len(top) != 1:
        return None
    cmd = top[0]
    if (
        cmd.name is None
        or cmd.assignments
        or cmd.redirects
        or cmd.pipeline is not None
        or cmd.contexts
        or cmd.background
        or cmd.connector_after is not None
    ):
        return None
    return cmd


def _simple(script: Script) -> Command | None:
    """The script's one command when it needs no shell: no shell syntax, expansion or quotes."""
    cmd = _one_command(script)
    if cmd is None or any(w.has_expansion or "'" in w.raw or '"' in w.raw for w in cmd.words):
        return None
    return cmd


def _exec_form(ins: Cmd | Entrypoint, stage: Stage, df: Dockerfile, script: Script) -> Fix | None:
    """The command as a JSON array, when the shell model shows one command of literal words."""
    rest = ins.rest
    if rest is None or rest.span.start_line != rest.span.end_line or ins.shell != ("/bin/sh", "-c"):
        return None
    if isinstance(ins, Entrypoint) and any(isinstance(i, Cmd) for i in stage.instructions):
        return None
    if df.escape != "\\" or (stage.base.facts is not None and stage.base.facts.family.name == "windows"):
        return None  # a Windows image runs shell form under cmd, not /bin/sh
    cmd = _one_command(script)
    if cmd is None or script.comments or len(script.commands) != 1:
        return None
    words = cmd.words
    if any(
        w.has_expansion or w.has_glob or "\\" in w.raw or (not w.quoted and ("~" in w.value or "{" in w.value))
        for w in words
    ):
        return None
    text = "[" + ", ".join(json.dumps(w.value, ensure_ascii=False) for w in words) + "]"
    return Fix("write it in exec form", (Edit(rest.span, text),), Applicability.UNSAFE)
