from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Edit, Finding, Fix, Severity
from deploylint.models.dockerfile import Copy, Dockerfile, From, Stage
from deploylint.registry import Kind, rule


@rule(
    id="DKR025",
    name="stage-name-casing",
    title="Stage name not in lower case",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    tags=("style",),
    aliases=("StageNameCasing",),
    fixable=True,
)
def stage_name_casing(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Stage names are matched without regard to case, so `Build` and `build` are the same stage;
    writing them in lower case keeps `--target` and `COPY --from` references unambiguous, and it
    is what BuildKit recommends.

    ## Example
        FROM golang:1.22 AS Build

    ## Use instead
        FROM golang:1.22 AS build

    ## Fix safety
    Safe: the name is rewritten in lower case, and so are the `FROM` and `COPY --from`
    references in the file written exactly as the name was. Docker matches stage names (and
    `--target`) without regard to case, so every other reference still finds the stage.
    """
    for stage in df.stages:
        if stage.name is not None and stage.name.value != stage.name.value.lower():
            fix = _fix(df, stage)
            yield ctx.finding(stage.name, f"write the stage name in lower case: {stage.name.value.lower()}", fix=fix)


def _fix(df: Dockerfile, stage: Stage) -> Fix | None:
    """The name and the references written exactly as it is, each replaced over its exact span
    (a reference whose span is not just its text, such as a quoted one, is left alone)."""
    assert stage.name is not None
    old, new = stage.name.value, stage.name.value.lower()
    edits = [(stage.name.span, old, new)]
    for ins in df.walk():
        if isinstance(ins, From) and ins.image is not None and ins.image.value == old:
            edits.append((ins.image.span, old, new))
        elif isinstance(ins, Copy) and (flag := ins.from_stage) is not None and flag.raw == f"--from={old}":
            edits.append((flag.span, flag.raw, f"--from={new}"))
    exact = [Edit(sp, text) for sp, was, text in edits if sp.end_offset - sp.start_offset == len(was)]
    if not exact or exact[0].span is not stage.name.span:
        return None
    return Fix(f"rename the stage {new}", tuple(exact))
