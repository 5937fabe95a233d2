from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Edit, Finding, Fix, Severity
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
    fixable=True,
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

    ## Fix safety
    Safe: the instruction becomes `LABEL org.opencontainers.image.authors="..."` with the same
    text (quotes and backslashes escaped). The image's legacy `Author` field is then empty; the
    label is what tools read. A MAINTAINER written over several lines is not fixed.

    ## Differences from hadolint
    DL4000 is an error there; nothing breaks, so it is advice here.
    """
    for ins in df.walk():
        if isinstance(ins, Maintainer):
            msg = "MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors"
            yield ctx.finding(ins.keyword, msg, fix=_to_label(ins))


def _to_label(ins: Maintainer) -> Fix | None:
    rest = ins.rest
    if rest is None or not rest.value.strip() or ins.span.start_line != ins.span.end_line:
        return None
    value = rest.value.strip().replace("\\", "\\\\").replace('"', '\\"')
    span = ins.keyword.span.cover(rest.span)
    return Fix("write it as a LABEL", (Edit(span, f'LABEL org.opencontainers.image.authors="{value}"'),))
