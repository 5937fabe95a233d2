from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile, Workdir
from deploylint.registry import Kind, rule

_SYSTEM = frozenset(
    {
        "/bin",
        "/boot",
        "/dev",
        "/etc",
        "/lib",
        "/lib32",
        "/lib64",
        "/proc",
        "/sbin",
        "/sys",
        "/usr",
        "/usr/bin",
        "/usr/lib",
        "/usr/lib64",
        "/usr/sbin",
        "/usr/share",
        "/var",
        "/var/lib",
        "/var/run",
        "/run",
    }
)


@rule(
    id="DKR047",
    name="workdir-system-dir",
    title="WORKDIR set to a system directory",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("reliability", "hardening"),
    aliases=("DS-0030",),
)
def workdir_system_dir(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    With `WORKDIR /usr/bin` every relative `COPY` and every file the app writes lands among the
    system's own files, where it can shadow binaries and is hard to find or clean up. Give the
    application its own directory (`/app`, `/srv/app`, `/opt/app`). `/`, `/tmp` and `/root`
    pass.

    ## Example
        FROM alpine:3.20
        WORKDIR /usr/bin
        COPY app .

    ## Use instead
        FROM alpine:3.20
        WORKDIR /app
        COPY app .
    """
    for ins in df.walk():
        if isinstance(ins, Workdir) and ins.path is not None:
            path = ins.path.value.strip("\"'").rstrip("/") or "/"
            if path in _SYSTEM:
                yield ctx.finding(ins.path, f"WORKDIR {path} is a system directory; use a directory of the app's own")
