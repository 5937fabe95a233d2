from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Fix, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.registry import Kind, rule
from deploylint.rules.dockerfile._fixes import delete_span


@rule(
    id="DKR028",
    name="redundant-target-platform",
    title="FROM --platform=$TARGETPLATFORM is redundant",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    tags=("style",),
    aliases=("DL3065", "RedundantTargetPlatform"),
    fixable=True,
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
    Safe: the flag and the blanks after it are deleted; the stage is built for the target
    platform either way. A flag followed by a line continuation is not fixed.
    """
    for stage in df.stages:
        plat = stage.from_.platform
        if plat is not None and plat.value.strip("\"'") in ("$TARGETPLATFORM", "${TARGETPLATFORM}"):
            flag = stage.from_.flag("platform")
            fix = None
            if flag is not None and flag.span.start_line == flag.span.end_line:
                text, end = ctx.source.text, flag.span.end_offset
                while end < len(text) and text[end] in " \t":
                    end += 1
                if end > flag.span.end_offset and text[end : end + 1] not in ("", "\r", "\n", df.escape):
                    fix = Fix("delete --platform", (delete_span(ctx.source, flag.span.start_offset, end),))
            yield ctx.finding(flag if flag is not None else plat, "--platform=$TARGETPLATFORM is the default", fix=fix)
