from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Add, Copy, Dockerfile, Workdir
from deploylint.registry import Kind, rule


@rule(
    id="DKR030",
    name="copy-relative-dest-without-workdir",
    title="COPY to a relative destination with no WORKDIR",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("reliability",),
    aliases=("DL3045",),
)
def copy_relative_dest_without_workdir(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    A relative `COPY`/`ADD` destination is resolved against the working directory. With no
    `WORKDIR` in the stage (or the stages it is built `FROM`), that is whatever the base image
    set, often `/`: `COPY . .` then spreads the project over the root file system, and a new
    base image version moves it elsewhere.

    ## Example
        FROM python:3.12-slim
        COPY requirements.txt .

    ## Use instead
        FROM python:3.12-slim
        WORKDIR /app
        COPY requirements.txt .
    """
    for stage in df.stages:
        has_workdir = stage.workdir_above  # memoised per stage: linear in a long FROM chain
        for ins in stage.instructions:
            if isinstance(ins, Workdir):
                has_workdir = True
            elif isinstance(ins, (Copy, Add)) and not has_workdir and ins.dest is not None:
                dest = ins.dest.value.strip("\"'")
                if not dest.startswith(("/", "$", "\\")) and not (len(dest) > 1 and dest[1] == ":"):
                    msg = f"{ins.keyword.value} to {dest!r} with no WORKDIR set: the base image decides where it goes"
                    yield ctx.finding(ins.dest, msg)
