from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Cmd, Dockerfile, Entrypoint, Healthcheck, Instruction
from deploylint.registry import Kind, rule


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
            yield ctx.finding(ins.keyword, msg, related=(ctx.location(later.keyword, note="overridden here"),))
