from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.registry import Kind, rule

_POINTLESS = {
    "ssh": "opens an interactive session",
    "vim": "is an interactive editor",
    "vi": "is an interactive editor",
    "nano": "is an interactive editor",
    "shutdown": "cannot stop a build container",
    "reboot": "cannot restart a build container",
    "service": "starts a service that stops when the RUN ends",
    "systemctl": "needs an init system the build does not run",
    "ps": "lists processes of a throw-away build container",
    "top": "is interactive",
    "free": "reports the build machine's memory",
    "kill": "targets processes that do not outlive the RUN",
    "mount": "mounts do not persist into the image",
    "ifconfig": "configures a network the image does not keep",
}


@rule(
    id="DKR058",
    name="pointless-command",
    title="RUN uses a command that makes no sense in a build",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    tags=("style",),
    aliases=("DL3001",),
)
def pointless_command(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    A `RUN` runs once, in a throw-away container, while the image is built: starting a service,
    mounting a file system, killing a process or opening an editor has no effect on the image
    (or hangs the build). Installing such a tool is fine; running it in `RUN` is not.

    ## Example
        FROM debian:12-slim
        RUN service nginx start

    ## Use instead
        FROM debian:12-slim
        CMD ["nginx", "-g", "daemon off;"]
    """
    for run in (r for st in df.stages for r in st.runs):
        for cmd in run.effective_commands:
            why = _POINTLESS.get(cmd.command_name or "")
            if why is not None and cmd.name is not None and not cmd.nested:
                yield ctx.finding(cmd.invocation, f"{cmd.command_name} in RUN {why}")
