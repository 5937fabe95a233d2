from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.registry import Kind, rule

_RESERVED = frozenset({"scratch", "context"})


@rule(
    id="DKR024",
    name="reserved-stage-name",
    title="Stage named with a reserved word",
    kind=Kind.DOCKERFILE,
    severity=Severity.ERROR,
    tags=("reliability",),
    aliases=("DL3063", "ReservedStageName"),
)
def reserved_stage_name(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `scratch` is the empty image and `context` is the build context in `COPY --from`; a stage
    with either name is shadowed by the built-in meaning, so references to it do not do what they
    say.

    ## Example
        FROM alpine:3.20 AS scratch

    ## Use instead
        FROM alpine:3.20 AS base
    """
    for stage in df.stages:
        if stage.name is not None and stage.name.value.lower() in _RESERVED:
            yield ctx.finding(stage.name, f"{stage.name.value!r} is reserved and cannot name a stage")
