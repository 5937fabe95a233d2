from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile, Label
from deploylint.registry import Kind, rule


@rule(
    id="DKR075",
    name="label-not-in-schema",
    title="Label outside a strict label schema",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    tags=("metadata",),
    aliases=("DL3050",),
)
def label_not_in_schema(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    A team that settles on a fixed set of labels wants a stray one (a typo of a schema key, an
    old ad-hoc label) to be noticed. With a label schema and `strict-labels = true`, a label
    whose key is not in the schema fires. Without both settings the rule does nothing.

    ## Example
        # (no example: the rule only runs with required-labels and strict-labels = true)

    ## Use instead
        FROM alpine:3.20
        LABEL org.opencontainers.image.source="https://github.com/example/app"

    ## Options
    `[tool.deploylint.dockerfile] strict-labels = true`, with `required-labels` (see DKR073).
    """
    if not df.strict_labels or not df.label_schema:
        return
    known = {key for key, _ in df.label_schema}
    for ins in df.walk():
        if not isinstance(ins, Label):
            continue
        for pair in ins.pairs:
            if pair.name not in known:
                yield ctx.finding(pair.key, f"label '{pair.name}' is not in the label schema")
