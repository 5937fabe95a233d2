from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.base import Located
from deploylint.models.dockerfile import Dockerfile
from deploylint.registry import Kind, rule


@rule(
    id="DKR023",
    name="duplicate-stage-name",
    title="Two stages share a name",
    kind=Kind.DOCKERFILE,
    severity=Severity.ERROR,
    tags=("reliability",),
    aliases=("DL3024", "DuplicateStageName", "DS-0012", "CKV_DOCKER_11"),
)
def duplicate_stage_name(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Stage names are case-insensitive and must be unique: `COPY --from=name`, `FROM name` and
    `--target name` can only mean one of them, and which one depends on the builder.

    ## Example
        FROM node:20 AS build
        FROM node:20-slim AS build

    ## Use instead
        FROM node:20 AS build
        FROM node:20-slim AS runtime
    """
    seen: dict[str, Located[str]] = {}
    for stage in df.stages:
        if stage.name is None:
            continue
        key = stage.name.value.lower()
        first = seen.setdefault(key, stage.name)
        if first is not stage.name:
            msg = f"stage name {stage.name.value!r} is already used on line {first.span.start_line}"
            yield ctx.finding(stage.name, msg, related=(ctx.location(first, note="first defined here"),))
