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
    that already chains commands (`&&`, `||`, `;`; a single pipeline is one step), is left
    alone: its author split it from its neighbours on purpose. A
    sequence of RUNs is one finding (at its second RUN, the rest as related locations), not one
    per pair: it stays an info because layer count matters less than it did, but it names the
    whole sequence to join.

    ## Example
        FROM alpine:3.20
        RUN mkdir -p /app
        RUN chown 1000 /app

    ## Use instead
        FROM alpine:3.20
        RUN mkdir -p /app && chown 1000 /app
    """
    for stage in df.stages:
        group: list[Run] = []
        for ins in [*stage.instructions, None]:
            same = (
                isinstance(ins, Run)
                and _joinable(ins)
                and bool(group)
                and [f.text for f in group[-1].flags] == [f.text for f in ins.flags]
            )
            if same and isinstance(ins, Run):
                group.append(ins)
                continue
            if len(group) >= 2:
                lines = f"lines {group[0].start_line}-{group[-1].start_line}"
                msg = f"{len(group)} RUN instructions in a row ({lines}) could be one; join them with &&"
                related = tuple(ctx.location(r.keyword, note="part of the same sequence") for r in group[2:])
                yield ctx.finding(group[1].keyword, msg, related=related)
            group = [ins] if isinstance(ins, Run) and _joinable(ins) else []


def _joinable(run: Run) -> bool:
    if run.heredocs or run.json:
        return False
    cmds = run.commands
    # one command, or one pipeline: a RUN that already chains steps was split from its
    # neighbours on purpose (hadolint reads it so too)
    return len(cmds) <= 1 or (cmds[0].pipeline is not None and all(c.pipeline is cmds[0].pipeline for c in cmds))
