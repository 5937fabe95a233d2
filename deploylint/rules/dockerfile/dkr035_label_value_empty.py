from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile, Label
from deploylint.registry import Kind, rule


@rule(
    id="DKR035",
    name="label-value-empty",
    title="LABEL with an empty value",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    tags=("metadata",),
    aliases=("DL3051",),
)
def label_value_empty(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    A label written with an empty literal value (`LABEL version=""`) carries no information and
    usually marks a value someone meant to fill in. Values taken from a build argument
    (`$VERSION`) pass.

    ## Example
        FROM alpine:3.20
        LABEL org.opencontainers.image.version=""

    ## Use instead
        FROM alpine:3.20
        ARG VERSION=dev
        LABEL org.opencontainers.image.version=$VERSION

    ## Differences from hadolint
    DL3051 only checks labels listed in its `label-schema` config; here every literal empty
    label fires.
    """
    for ins in df.walk():
        if not isinstance(ins, Label):
            continue
        for pair in ins.pairs:
            if pair.text is not None and not pair.text.strip() and pair.is_literal:
                yield ctx.finding(pair.key, f"label {pair.name} has an empty value")
