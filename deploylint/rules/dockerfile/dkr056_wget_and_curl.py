from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.registry import Kind, rule


@rule(
    id="DKR056",
    name="wget-and-curl",
    title="Both wget and curl used in one stage",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    tags=("size",),
    aliases=("DL4001", "DS-0014"),
)
def wget_and_curl(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `curl` and `wget` do the same job; needing both means installing (and patching) two tools.
    Pick one per stage. This points at the first use of the second tool.

    ## Example
        FROM debian:12-slim
        RUN curl -fsSLO https://example.com/a.tgz
        RUN wget -q https://example.com/b.tgz

    ## Use instead
        FROM debian:12-slim
        RUN curl -fsSLO https://example.com/a.tgz
        RUN curl -fsSLO https://example.com/b.tgz

    ## Differences from hadolint
    DL4001 counts the whole file; here each stage is counted on its own, so a builder stage
    using `wget` and a final stage using `curl` pass.
    """
    for stage in df.stages:
        first: dict[str, object] = {}
        for run in stage.runs:
            for cmd in run.effective_commands:
                name = cmd.command_name
                if name in ("curl", "wget") and cmd.name is not None and name not in first:
                    first[name] = cmd
                    if len(first) == 2:
                        other = "curl" if name == "wget" else "wget"
                        yield ctx.finding(cmd.invocation, f"this stage already uses {other}; use one of curl and wget")
