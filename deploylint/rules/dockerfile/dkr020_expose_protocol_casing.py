from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile, Expose
from deploylint.registry import Kind, rule


@rule(
    id="DKR020",
    name="expose-protocol-casing",
    title="EXPOSE protocol not in lower case",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    tags=("style",),
    aliases=("ExposeProtoCasing",),
)
def expose_protocol_casing(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    The protocol of an exposed port is matched in lower case by tools that read the image config
    (`8080/TCP` and `8080/tcp` are different keys). Write `tcp`, `udp` or `sctp`.

    ## Example
        FROM nginx:1.27
        EXPOSE 8080/TCP

    ## Use instead
        FROM nginx:1.27
        EXPOSE 8080/tcp
    """
    for ins in df.walk():
        if not isinstance(ins, Expose):
            continue
        for arg in ins.args:
            _, sep, proto = arg.value.strip("\"'").partition("/")
            if sep and proto.isalpha() and proto != proto.lower():
                yield ctx.finding(arg, f"write the protocol in lower case: {arg.value.lower()}")
