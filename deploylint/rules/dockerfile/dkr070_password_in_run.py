from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.registry import Kind, rule


@rule(
    id="DKR070",
    name="password-in-run",
    title="RUN sets an account password",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("security", "secrets"),
    aliases=("CKV2_DOCKER_17",),
    security_severity=6.5,
)
def password_in_run(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `echo 'root:secret' | chpasswd` (or `useradd -p ...`) writes the password into the build
    history and a password hash into the image, and gives everyone who pulls it a working
    login. Containers need no login passwords: lock the account and use `docker exec`.

    ## Example
        FROM ubuntu:24.04
        RUN echo 'root:changeme' | chpasswd

    ## Use instead
        FROM ubuntu:24.04
        RUN useradd --uid 10001 --no-create-home app
    """
    for run in (r for st in df.stages for r in st.runs):
        for cmd in run.effective_commands:
            name = cmd.command_name
            if name == "chpasswd" and cmd.name is not None:
                yield ctx.finding(cmd.invocation, "chpasswd sets a login password in the image (value masked)")
            elif name in ("useradd", "usermod") and cmd.name is not None:
                pw = cmd.option_value("-p", "--password")
                if pw and pw not in ("*", "!", "!!"):
                    yield ctx.finding(cmd.invocation, f"{name} -p sets a login password in the image (value masked)")
