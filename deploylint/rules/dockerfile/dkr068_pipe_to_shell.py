from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.registry import Kind, rule

_FETCH = frozenset({"curl", "wget"})
_SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh", "python", "python3", "perl", "ruby", "node"})


@rule(
    id="DKR068",
    name="pipe-to-shell",
    title="Downloaded script piped into a shell",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("security", "supply-chain"),
    security_severity=6.0,
)
def pipe_to_shell(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `curl -fsSL https://get.example.com | sh` runs whatever the server sends at build time, with
    no checksum or signature: a compromised site, a hijacked domain or a truncated download
    goes straight into the image. Download the file, check its checksum (`sha256sum -c`) and
    then run it, or use `ADD --checksum=...`. `wget -O- | bash` and `sh -c "$(curl ...)"` fire
    too.

    ## Example
        FROM debian:12-slim
        RUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash -

    ## Use instead
        FROM debian:12-slim
        ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://deb.nodesource.com/setup_20.x /tmp/setup.sh
        RUN bash /tmp/setup.sh
    """
    for run in (r for st in df.stages for r in st.runs):
        for script in run.scripts:
            for pipe in script.pipelines:
                cmds = [c.effective() for c in pipe.commands]
                fetch = next((i for i, c in enumerate(cmds) if c.command_name in _FETCH), None)
                if fetch is None:
                    continue
                shell = next((c for c in cmds[fetch + 1 :] if c.command_name in _SHELLS), None)
                if shell is not None and shell.name is not None and not _reads_file(shell):
                    yield ctx.finding(
                        shell.invocation, f"{cmds[fetch].command_name} output runs in {shell.command_name} unchecked"
                    )
        for cmd in run.effective_commands:
            if cmd.command_name in _SHELLS and cmd.name is not None and cmd.contexts == ():
                if any(
                    a.raw.startswith(('"$(curl', '"$(wget', "$(curl", "$(wget", "<(curl", "<(wget")) for a in cmd.args
                ):
                    yield ctx.finding(cmd.invocation, f"{cmd.command_name} runs a downloaded script unchecked")


def _reads_file(cmd: object) -> bool:
    """``... | sh script.sh``: the shell runs a file, not its input."""
    args = getattr(cmd, "args", ())
    return any(not a.value.startswith("-") for a in args) and not any(a.value in ("-", "-s") for a in args)
