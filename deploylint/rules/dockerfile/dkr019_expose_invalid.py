import re
from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile, Expose
from deploylint.registry import Kind, rule

_PORT = re.compile(r"(\d{1,6})(?:-(\d{1,6}))?(?:/([A-Za-z]+))?")


@rule(
    id="DKR019",
    name="expose-invalid",
    title="EXPOSE with an invalid port",
    kind=Kind.DOCKERFILE,
    severity=Severity.ERROR,
    tags=("syntax",),
    aliases=("DL3011", "ExposeInvalidFormat", "DS-0008"),
)
def expose_invalid(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `EXPOSE` takes container ports (`8080`, `8080/tcp`, `7000-7010/udp`). A port above 65535, a
    reversed range, an unknown protocol, or a host mapping (`80:8080`, `127.0.0.1:80`) is either
    refused or silently ignored: publishing is done by `docker run -p` or Compose `ports:`.

    ## Example
        FROM nginx:1.27
        EXPOSE 80:8080

    ## Use instead
        FROM nginx:1.27
        EXPOSE 8080/tcp
    """
    for ins in df.walk():
        if not isinstance(ins, Expose):
            continue
        for arg in ins.args:
            value = arg.value.strip("\"'")
            if "$" in value:
                continue
            problem = _problem(value)
            if problem:
                yield ctx.finding(arg, f"EXPOSE {value}: {problem}")


def _problem(value: str) -> str | None:
    if ":" in value:
        return "EXPOSE takes container ports only; publish with `docker run -p` or Compose `ports:`"
    m = _PORT.fullmatch(value)
    if m is None:
        return "not a port, a port range or port/protocol"
    lo = int(m.group(1))
    hi = int(m.group(2)) if m.group(2) else lo
    if max(lo, hi) > 65535:
        return "port numbers go from 0 to 65535"
    if hi < lo:
        return "the range ends before it starts"
    if m.group(3) and m.group(3).lower() not in ("tcp", "udp", "sctp"):
        return f"unknown protocol {m.group(3)!r} (tcp, udp or sctp)"
    return None
