from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.registry import Kind, rule


@rule(
    id="DKR076",
    name="shell-not-analysed",
    title="A RUN script nests too deeply to be checked",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("correctness",),
)
def shell_not_analysed(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Every check that reads a RUN's commands (package pins, caches, downloads piped into a shell,
    secrets) sees nothing in a script whose quotes, substitutions or `${...}` expansions nest
    hundreds of levels deep: the shell parser gives up on it rather than exhaust the stack. No
    hand-written script does that; a generated one, or one written to slip past review, can.
    This finding says the script went unchecked, so its silence is not read as a clean bill.

    ## Example
    (no example inline: it takes hundreds of levels, such as `"${a:-` written 600 times; the
    rule's case files hold one)

    ## Use instead
    Split the script, or move the generated part into a file the image copies and runs.
    """
    for stage in df.stages:
        for run in stage.runs:  # ONBUILD RUN triggers too, as every other shell rule reads them
            if any(s.unanalysed for s in run.scripts):
                yield ctx.finding(
                    run.keyword, "this RUN script nests too deeply to analyse: no shell check has read it"
                )
