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
    Safe: `NAME value` becomes `NAME=value`: the blanks between the name and the value (and a
    line continuation there) become `=`, and the value stays as written, quotes and escapes
    included, when it is one word (`NAME "a b"` becomes `NAME="a b"`). A value of several words
    is put in double quotes, also when written over several lines, which keeps its spaces,
    tabs and `$VAR` expansions as they were. The variable or label gets the same value. A value
    of several words that holds quotes or escape characters, and a comment line between the
    name and the value, are not fixed.
    """
    for ins in df.walk():
        if isinstance(ins, (Env, Label)):
            for pair in ins.pairs:
                if pair.legacy:
                    msg = f'use "{ins.keyword.value} {pair.name}=..." instead of the legacy whitespace form'
                    yield ctx.finding(ins.keyword, msg, fix=_to_equals(df, pair))


def _to_equals(df: Dockerfile, pair: KeyValue) -> Fix | None:
    """``key=value``: the blanks (and continuations) between key and value become ``=``; a value
    of several words is also put in double quotes, when it has no quote or escape character that
    they would change."""
    raw, value, src = pair.raw_value, pair.value, df.source
    if raw is None or value is None or not raw or raw != raw.strip() or value.span.end_offset < 0:
        return None
    gap = src.text[pair.key.span.end_offset : value.span.start_offset]
    if gap.replace(df.escape, "").strip():
        return None  # a comment line between key and value
    edits = [Edit(src.span(pair.key.span.end_offset, value.span.start_offset), "=")]
    if not pair.one_word:
        if any(c in raw for c in ('"', "'", df.escape)) or raw != value.value:
            return None
        edits = [Edit(edits[0].span, '="'), Edit(src.insertion(value.span.end_offset), '"')]
    return Fix(f"write {pair.name}=...", tuple(edits))
