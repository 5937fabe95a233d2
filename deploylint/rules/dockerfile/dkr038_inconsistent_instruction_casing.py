from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Edit, Finding, Fix, Severity
from deploylint.models.dockerfile import Dockerfile, Instruction
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
    Safe: the keyword is rewritten in the file's majority casing, and the `AS` of a `FROM`
    with it (so that DKR039 stays satisfied); Docker reads instructions without regard to case,
    so the build is the same.
    """
    instructions = list(df.walk())
    upper = sum(1 for ins in instructions if ins.keyword.value.isupper())
    lower = sum(1 for ins in instructions if ins.keyword.value.islower())
    want_upper = upper >= lower
    for ins in instructions:
        kw = ins.keyword
        if kw.value.isupper() if want_upper else kw.value.islower():
            continue
        casing = "upper" if want_upper else "lower"
        yield ctx.finding(
            kw, f"write {kw.value!r} in {casing} case like the rest of the file", fix=_fix(ins, want_upper)
        )


def _fix(ins: Instruction, upper: bool) -> Fix | None:
    """The keyword in the wanted case, and a FROM's ``AS`` with it (DKR039 wants them alike)."""
    words = [ins.keyword] + ([ins.as_keyword] if ins.as_keyword is not None else [])
    if any(w.span.end_offset - w.span.start_offset != len(w.value) for w in words):
        return None
    edits = tuple(Edit(w.span, w.value.upper() if upper else w.value.lower()) for w in words)
    return Fix(f"write {edits[0].text}", edits)
