from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.registry import Kind, rule


@rule(
    id="DKR038",
    name="inconsistent-instruction-casing",
    title="Instruction casing differs from the rest of the file",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    tags=("style",),
    aliases=("ConsistentInstructionCasing",),
)
def inconsistent_instruction_casing(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Instructions are case-insensitive, but a file that mixes `RUN` and `run` (or writes `Run`)
    is harder to scan. The majority casing of the file wins; mixed-case keywords always fire.

    ## Example
        FROM alpine:3.20
        run apk add --no-cache curl

    ## Use instead
        FROM alpine:3.20
        RUN apk add --no-cache curl
    """
    keywords = [ins.keyword for ins in df.walk()]
    upper = sum(1 for k in keywords if k.value.isupper())
    lower = sum(1 for k in keywords if k.value.islower())
    want_upper = upper >= lower
    for kw in keywords:
        if kw.value.isupper() if want_upper else kw.value.islower():
            continue
        casing = "upper" if want_upper else "lower"
        yield ctx.finding(kw, f"write {kw.value!r} in {casing} case like the rest of the file")
