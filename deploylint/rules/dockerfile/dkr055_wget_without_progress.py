from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.registry import Kind, rule

_QUIET = ("-q", "--quiet", "-nv", "--no-verbose", "--progress", "-o", "--output-file", "-a", "--append-output")


@rule(
    id="DKR055",
    name="wget-without-progress",
    title="wget without a progress setting",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    tags=("style",),
    aliases=("DL3047",),
)
def wget_without_progress(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Without a terminal, `wget` prints its progress as one line per few kilobytes, so a large
    download floods the build log with thousands of lines. Use `--progress=dot:giga`, `-nv` or
    `-q`.

    ## Example
        FROM debian:12-slim
        RUN wget https://example.com/app.tar.gz

    ## Use instead
        FROM debian:12-slim
        RUN wget --progress=dot:giga https://example.com/app.tar.gz
    """
    for run in (r for st in df.stages for r in st.runs):
        for cmd in run.effective_commands:
            if cmd.command_name != "wget" or cmd.name is None or cmd.has_flag(*_QUIET):
                continue
            if not any(a.value in ("-nv", "-qO-", "-qO") or a.value.startswith("--progress") for a in cmd.args):
                yield ctx.finding(cmd.invocation, "wget without --progress or -q floods the build log")
