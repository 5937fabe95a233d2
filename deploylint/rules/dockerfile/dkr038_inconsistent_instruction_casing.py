from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Edit, Finding, Fix, Severity
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
    fixable=True,
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

    ## Fix safety
    Safe: the keyword is rewritten in the file's majority casing; Docker reads instructions
    without regard to case, so the build is the same.
    """
    keywords = [ins.keyword for ins in df.walk()]
    upper = sum(1 for k in keywords if k.value.isupper())
    lower = sum(1 for k in keywords if k.value.islower())
    want_upper = upper >= lower
    for kw in keywords:
        if kw.value.isupper() if want_upper else kw.value.islower():
            continue
        casing = "upper" if want_upper else "lower"
        text = kw.value.upper() if want_upper else kw.value.lower()
        fix = (
            Fix(f"write {text}", (Edit(kw.span, text),))
            if kw.span.end_offset - kw.span.start_offset == len(text)
            else None
        )
        yield ctx.finding(kw, f"write {kw.value!r} in {casing} case like the rest of the file", fix=fix)
