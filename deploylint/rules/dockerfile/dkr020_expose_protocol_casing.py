from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Edit, Finding, Fix, Severity
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
    fixable=True,
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

    ## Fix safety
    Safe: only the protocol is rewritten in lower case (a variable in the port part is left as
    it is); Docker reads the protocol without regard to case. A quoted port is not fixed.
    """
    for ins in df.walk():
        if not isinstance(ins, Expose):
            continue
        for arg in ins.args:
            _, sep, proto = arg.value.strip("\"'").partition("/")
            if sep and proto.isalpha() and proto != proto.lower():
                sp = arg.span
                exact = sp.start_line == sp.end_line and sp.end_offset - sp.start_offset == len(arg.value)
                edit = Edit(ctx.source.span(sp.end_offset - len(proto), sp.end_offset), proto.lower())
                fix = Fix("write the protocol in lower case", (edit,)) if exact and arg.value.endswith(proto) else None
                yield ctx.finding(arg, f"write the protocol in lower case: {arg.value.lower()}", fix=fix)
