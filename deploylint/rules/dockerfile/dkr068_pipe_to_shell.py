from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.registry import Kind, rule
from deploylint.shell.downloads import unchecked_downloads


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
            for d in unchecked_downloads(script):
                assert d.shell.name is not None
                if d.pipeline is not None:
                    yield ctx.finding(
                        d.shell.invocation, f"{d.fetcher} output runs in {d.shell.command_name} unchecked"
                    )
                else:
                    yield ctx.finding(d.shell.invocation, f"{d.shell.command_name} runs a downloaded script unchecked")
