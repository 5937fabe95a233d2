from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.registry import Kind, rule


@rule(
    id="DKR052",
    name="sudo-in-run",
    title="sudo in RUN",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("reliability",),
    aliases=("DL3004", "DS-0010", "CKV2_DOCKER_1"),
)
def sudo_in_run(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `RUN` already runs as the current `USER`; `sudo` needs a TTY and a sudoers entry, is often
    not installed, and keeps root a password away at run time. Switch with `USER root` for the
    commands that need it and back to the unprivileged user afterwards.

    ## Example
        FROM ubuntu:24.04
        USER app
        RUN sudo apt-get update

    ## Use instead
        FROM ubuntu:24.04
        USER root
        RUN apt-get update
        USER app
    """
    for run in (r for st in df.stages for r in st.runs):
        for cmd in run.commands:
            if cmd.command_name in ("sudo", "doas") and cmd.name is not None:
                yield ctx.finding(cmd.name, f"{cmd.command_name} in RUN; use USER root for the commands that need it")
