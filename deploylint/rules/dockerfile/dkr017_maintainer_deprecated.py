from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile, Maintainer
from deploylint.registry import Kind, rule


@rule(
    id="DKR017",
    name="maintainer-deprecated",
    title="MAINTAINER is deprecated",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    tags=("deprecated",),
    aliases=("DL4000", "MaintainerDeprecated", "DS-0022", "CKV_DOCKER_6"),
)
def maintainer_deprecated(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `MAINTAINER` has been deprecated since Docker 1.13. The value ends up as the image's `author`
    field, which no tool shows; an OCI label is where people and tools look for it.

    ## Example
        FROM alpine:3.20
        MAINTAINER Jane Doe <jane@example.com>

    ## Use instead
        FROM alpine:3.20
        LABEL org.opencontainers.image.authors="jane@example.com"

    ## Differences from hadolint
    DL4000 is an error there; nothing breaks, so it is advice here.
    """
    for ins in df.walk():
        if isinstance(ins, Maintainer):
            yield ctx.finding(ins.keyword, "MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors")
