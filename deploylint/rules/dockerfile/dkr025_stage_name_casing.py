from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.registry import Kind, rule


@rule(
    id="DKR025",
    name="stage-name-casing",
    title="Stage name not in lower case",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    tags=("style",),
    aliases=("StageNameCasing",),
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
    """
    for stage in df.stages:
        if stage.name is not None and stage.name.value != stage.name.value.lower():
            yield ctx.finding(stage.name, f"write the stage name in lower case: {stage.name.value.lower()}")
