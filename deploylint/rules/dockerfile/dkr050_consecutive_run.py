from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile, Run
from deploylint.registry import Kind, rule


@rule(
    id="DKR050",
    name="consecutive-run",
    title="Consecutive RUN instructions could be one",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    tags=("size", "style"),
    aliases=("DL3059",),
)
def consecutive_run(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Each `RUN` makes a layer; short commands in a row with the same flags can be joined with
    `&&`, which makes the image smaller when a later command deletes what an earlier one
    created. Comments between the two do not break the sequence. A `RUN` with a heredoc, or one
    that already chains more than two commands, is left alone: it was split on purpose.

    ## Example
        FROM alpine:3.20
        RUN mkdir -p /app
        RUN chown 1000 /app

    ## Use instead
        FROM alpine:3.20
        RUN mkdir -p /app && chown 1000 /app
    """
    for stage in df.stages:
        prev = None
        for ins in stage.instructions:
            if isinstance(ins, Run) and isinstance(prev, Run) and _joinable(prev) and _joinable(ins):
                if [f.text for f in prev.flags] == [f.text for f in ins.flags]:
                    msg = f"this RUN follows the RUN on line {prev.start_line}; consider joining them with &&"
                    yield ctx.finding(ins.keyword, msg)
            prev = ins


def _joinable(run: Run) -> bool:
    return not run.heredocs and not run.json and len(run.commands) <= 2
