from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.registry import Kind, rule


@rule(
    id="DKR028",
    name="redundant-target-platform",
    title="FROM --platform=$TARGETPLATFORM is redundant",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    tags=("style",),
    aliases=("DL3065", "RedundantTargetPlatform"),
)
def redundant_target_platform(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Every stage is built for the target platform unless told otherwise, so
    `--platform=$TARGETPLATFORM` says nothing and suggests that the other stages differ.

    ## Example
        FROM --platform=$TARGETPLATFORM alpine:3.20

    ## Use instead
        FROM alpine:3.20

    ## Fix safety
    No fix is offered; delete the flag.
    """
    for stage in df.stages:
        plat = stage.from_.platform
        if plat is not None and plat.value.strip("\"'") in ("$TARGETPLATFORM", "${TARGETPLATFORM}"):
            flag = stage.from_.flag("platform")
            yield ctx.finding(flag if flag is not None else plat, "--platform=$TARGETPLATFORM is the default")
