from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Edit, Finding, Fix, Severity
from deploylint.models.dockerfile import Dockerfile, Env, KeyValue, Label
from deploylint.registry import Kind, rule


@rule(
    id="DKR037",
    name="legacy-key-value-format",
    title="ENV or LABEL in the legacy `key value` form",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    tags=("style", "deprecated"),
    aliases=("LegacyKeyValueFormat",),
    fixable=True,
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

    ## Fix safety
    Safe: `NAME value` becomes `NAME=value`, with the value in double quotes when it holds
    spaces; the variable or label gets the same value (`$VAR` still expands inside the
    quotes). A value with quotes, backslashes, tabs or repeated spaces, or written over
    several lines, is not fixed.
    """
    for ins in df.walk():
        if isinstance(ins, (Env, Label)):
            for pair in ins.pairs:
                if pair.legacy:
                    msg = f'use "{ins.keyword.value} {pair.name}=..." instead of the legacy whitespace form'
                    yield ctx.finding(ins.keyword, msg, fix=_to_equals(pair))


def _to_equals(pair: KeyValue) -> Fix | None:
    raw, value = pair.raw_value, pair.value
    if raw is None or value is None or pair.key.span.start_line != value.span.end_line:
        return None
    raw = raw.strip()
    if not raw or any(c in raw for c in "\"'\\`\t") or "  " in raw or raw != value.value.strip():
        return None
    text = f'{pair.name}="{raw}"' if " " in raw else f"{pair.name}={raw}"
    return Fix(f"write {pair.name}=...", (Edit(pair.key.span.cover(value.span), text),))
