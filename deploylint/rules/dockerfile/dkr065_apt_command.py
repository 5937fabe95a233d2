from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.registry import Kind, rule


@rule(
    id="DKR065",
    name="apt-command",
    title="apt used in a script instead of apt-get",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("reliability",),
    aliases=("DL3027", "CKV_DOCKER_9"),
)
def apt_command(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `apt` is the interactive front end: its output and options may change between releases and
    it warns that it "does not have a stable CLI interface". Scripts should use `apt-get` and
    `apt-cache`.

    ## Example
        FROM debian:12-slim
        RUN apt update && apt install -y curl

    ## Use instead
        FROM debian:12-slim
        RUN apt-get update && apt-get install -y curl
    """
    for run in (r for st in df.stages for r in st.runs):
        for cmd in run.effective_commands:
            if cmd.command_name == "apt" and cmd.name is not None:
                yield ctx.finding(cmd.name, "use apt-get or apt-cache in scripts; apt has no stable interface")
