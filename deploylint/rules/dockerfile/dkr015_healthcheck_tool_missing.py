from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Confidence, Finding, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.registry import Kind, rule


@rule(
    id="DKR015",
    name="healthcheck-tool-missing",
    title="HEALTHCHECK runs a program the image does not have",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("runtime", "operations"),
)
def healthcheck_tool_missing(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    A HEALTHCHECK that calls `curl` on an image without curl fails every time: the container is
    marked unhealthy forever, `depends_on: service_healthy` never starts its dependants and Swarm
    keeps restarting it. Alpine and slim images have no curl (alpine has busybox `wget`),
    distroless and `scratch` have neither, nor a shell for the shell form. Only images in the
    base-image table are judged, and a package install or COPY of the tool in the final
    image's stages counts. When those stages run a script the linter cannot read (`RUN
    ./install.sh`, `bash scripts/deps.sh`, `curl ... | sh`), the script may install the tool: the
    finding is then an `info` of low confidence that names the script.

    ## Example
        FROM node:20-alpine
        HEALTHCHECK CMD curl -f http://localhost:3000/health || exit 1

    ## Use instead
        FROM node:20-alpine
        HEALTHCHECK CMD wget -q --spider http://localhost:3000/health || exit 1
    """
    final = df.final_stage
    hc = final.healthcheck if final is not None else None
    if final is None or hc is None or hc.is_none:
        return
    base = final.root_base
    tools = base.tools
    if tools is None:
        return
    image = base.resolved or base.raw.value
    if hc.is_shell_form and tools.shell is False:
        yield ctx.finding(hc, f"HEALTHCHECK in shell form needs /bin/sh, which {image} does not have")
        return
    unseen = next(final.unseen_scripts(), None)
    for prog in hc.programs:
        if tools.has(prog.value) is False and not final.installs(prog.value):
            msg = f"HEALTHCHECK runs {prog.value}, which {image} does not include"
            if unseen is None:
                yield ctx.finding(prog, msg)
                continue
            _, cmd = unseen
            w = cmd.script_file
            script = w.value if w is not None and len(w.value) <= 40 else f"the {cmd.command_name} script"
            yield ctx.finding(
                prog,
                f"{msg}, unless {script} installs it",
                related=(ctx.location(cmd.invocation, note="a script this check cannot read"),),
                severity=Severity.INFO,
                confidence=Confidence.LOW,
            )
