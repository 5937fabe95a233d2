from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Fix, Severity
from deploylint.models.dockerfile import Cmd, Dockerfile, Entrypoint, Healthcheck, Instruction
from deploylint.registry import Kind, rule
from deploylint.rules.dockerfile._fixes import delete_span


@rule(
    id="DKR018",
    name="repeated-instruction",
    title="CMD, ENTRYPOINT or HEALTHCHECK repeated in one stage",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("reliability",),
    aliases=(
        "DL4003",
        "DL4004",
        "DL3012",
        "MultipleInstructionsDisallowed",
        "DS-0016",
        "DS-0007",
        "DS-0023",
    ),
    fixable=True,
)
def repeated_instruction(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Only the last `CMD`, `ENTRYPOINT` and `HEALTHCHECK` of a stage take effect; an earlier one is
    dead code that readers take for the real thing. This points at each one that is overridden
    later in the same stage.

    ## Example
        FROM python:3.12-slim
        CMD ["python", "app.py"]
        CMD ["gunicorn", "app:app"]

    ## Use instead
        FROM python:3.12-slim
        CMD ["gunicorn", "app:app"]

    ## Fix safety
    Safe: the overridden instruction's lines are deleted. The image gets the same start command
    and health check: the later instruction replaces the earlier one entirely, and an
    `ENTRYPOINT` resets an inherited `CMD` whether or not an earlier one did. An instruction
    that shares a line with something else, or has a comment line inside it, is not fixed (the
    comment would go with it), nor anything in a file with parse errors (DKR000: deleting a
    broken instruction would hide its error); comment lines above it stay.

    ## Differences from hadolint
    DL4003, DL4004 and DL3012 point at the later instruction; this points at the earlier one,
    which is the one to delete, and names the line that overrides it.
    """
    for stage in df.stages:
        last: dict[type[Instruction], Instruction] = {}
        for ins in reversed(stage.instructions):
            cls = type(ins)
            if cls not in (Cmd, Entrypoint, Healthcheck):
                continue
            later = last.get(cls)
            if later is None:
                last[cls] = ins
                continue
            msg = f"this {ins.name} has no effect: the {ins.name} on line {later.start_line} overrides it"
            related = (ctx.location(later.keyword, note="overridden here"),)
            fix = None if df.error_spans else _delete(df, ins)
            yield ctx.finding(ins.keyword, msg, related=related, fix=fix)


def _delete(df: Dockerfile, ins: Instruction) -> Fix | None:
    """The instruction's whole lines, line endings included, when nothing else is on them."""
    src, sp = df.source, ins.span
    start, end_line = src.line_start(sp.start_line), sp.end_line
    end = src.line_start(end_line + 1) if end_line < src.line_count else len(src.text)
    if sp.start_offset < 0 or src.text[start : sp.start_offset].strip() or src.text[sp.end_offset : end].strip():
        return None
    if any(sp.start_line <= c.span.start_line <= end_line for c in df.comments):
        return None
    return Fix(f"delete this {ins.name}", (delete_span(src, start, end),))
