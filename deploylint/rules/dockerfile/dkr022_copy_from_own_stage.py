from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Copy, Dockerfile
from deploylint.registry import Kind, rule


@rule(
    id="DKR022",
    name="copy-from-own-stage",
    title="COPY --from names its own stage",
    kind=Kind.DOCKERFILE,
    severity=Severity.ERROR,
    tags=("syntax",),
    aliases=("DL3023", "DS-0006"),
)
def copy_from_own_stage(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    A stage cannot copy from itself: BuildKit reports a circular dependency and the build fails.

    ## Example
        FROM node:20-slim AS app
        COPY --from=app /usr/src /srv

    ## Use instead
        FROM node:20-slim AS deps
        RUN npm ci
        FROM node:20-slim AS app
        COPY --from=deps /usr/src /srv
    """
    for stage in df.stages:
        own = {str(stage.index)} | ({stage.name.value.lower()} if stage.name is not None else set())
        for ins in stage.instructions:
            flag = ins.flag("from") if isinstance(ins, Copy) else None
            if flag is not None and flag.value is not None and flag.value.strip("\"'").lower() in own:
                yield ctx.finding(flag, f"--from={flag.value} is the stage this COPY is in")
