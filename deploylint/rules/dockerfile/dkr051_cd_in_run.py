from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.registry import Kind, rule


@rule(
    id="DKR051",
    name="cd-in-run",
    title="cd in RUN instead of WORKDIR",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    tags=("style",),
    aliases=("DL3003", "DS-0013"),
)
def cd_in_run(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `RUN cd /app && make` changes directory for that one command only, which readers easily
    miss; `WORKDIR /app` is explicit and also applies to the following instructions. A `cd`
    inside a subshell (`(cd src && make)`) or a function is scoped on purpose and passes.

    ## Example
        FROM alpine:3.20
        RUN cd /app && make

    ## Use instead
        FROM alpine:3.20
        WORKDIR /app
        RUN make
    """
    for run in (r for st in df.stages for r in st.runs):
        for cmd in run.effective_commands:
            if cmd.command_name == "cd" and not cmd.contexts and cmd.name is not None:
                yield ctx.finding(cmd.invocation, "use WORKDIR instead of cd in RUN")
