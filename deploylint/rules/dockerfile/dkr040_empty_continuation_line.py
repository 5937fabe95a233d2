from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Edit, Finding, Fix, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.registry import Kind, rule


@rule(
    id="DKR040",
    name="empty-continuation-line",
    title="Empty line inside a continued instruction",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("deprecated",),
    aliases=("NoEmptyContinuation",),
    fixable=True,
)
def empty_continuation_line(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    A blank line after a trailing `\\` is skipped today, but BuildKit has deprecated it and plans
    to make it an error; it also hides where the instruction really ends. Remove the line, or end
    the instruction before it. Comment lines inside a continuation are fine.

    ## Example
        FROM alpine:3.20
        RUN apk add --no-cache \\

            curl

    ## Use instead
        FROM alpine:3.20
        RUN apk add --no-cache \\
            curl

    ## Fix safety
    Safe: the blank line is deleted, line ending included. BuildKit skips it today, so the
    instruction is the same.
    """
    src = df.source
    for span in df.empty_continuations:
        line = span.start_line
        end = src.line_start(line + 1) if line < src.line_count else len(src.text)
        fix = Fix("delete the empty line", (Edit(src.span(src.line_start(line), end), ""),))
        yield ctx.finding(span, "empty line inside a continued instruction; BuildKit will refuse this", fix=fix)
