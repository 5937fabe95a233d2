from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile, Env, Label
from deploylint.registry import Kind, rule


@rule(
    id="DKR037",
    name="legacy-key-value-format",
    title="ENV or LABEL in the legacy `key value` form",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    tags=("style", "deprecated"),
    aliases=("LegacyKeyValueFormat",),
)
def legacy_key_value_format(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `ENV NAME value` sets one variable to the whole rest of the line, spaces included, which
    surprises anyone who adds a second pair. Docker discourages the form; `ENV NAME=value` is
    unambiguous.

    ## Example
        FROM alpine:3.20
        ENV APP_HOME /srv/app

    ## Use instead
        FROM alpine:3.20
        ENV APP_HOME=/srv/app
    """
    for ins in df.walk():
        if isinstance(ins, (Env, Label)):
            for pair in ins.pairs:
                if pair.legacy:
                    msg = f'use "{ins.keyword.value} {pair.name}=..." instead of the legacy whitespace form'
                    yield ctx.finding(ins.keyword, msg)
