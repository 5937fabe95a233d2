from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.registry import Kind, rule


@rule(
    id="DKR054",
    name="ln-to-bin-sh",
    title="RUN replaces /bin/sh with a link",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("reliability",),
    aliases=("DL4005",),
)
def ln_to_bin_sh(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `ln -sf /bin/bash /bin/sh` swaps the system shell behind the package manager's back: every
    script written for `sh` now runs under bash, and the next package upgrade may put the old
    link back. Use `SHELL ["/bin/bash", "-c"]` to choose the shell for `RUN`.

    ## Example
        FROM debian:12-slim
        RUN ln -sf /bin/bash /bin/sh

    ## Use instead
        FROM debian:12-slim
        SHELL ["/bin/bash", "-c"]
    """
    for run in (r for st in df.stages for r in st.runs):
        for cmd in run.effective_commands:
            if cmd.command_name != "ln":
                continue
            pos = cmd.positionals()
            if pos and pos[-1].value in ("/bin/sh", "/usr/bin/sh"):
                yield ctx.finding(pos[-1], "do not replace /bin/sh with ln; use the SHELL instruction")
