from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.workflow import Job, Step, Workflow
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._levels import each_step


@rule(
    id="GHA045",
    name="run-script-not-analysed",
    title="A run: script nests too deeply to be checked",
    kind=(Kind.WORKFLOW, Kind.ACTION),
    severity=Severity.WARNING,
    tags=("correctness",),
)
@each_step
def shell_not_analysed(wf: Workflow, job: Job, step: Step, ctx: Context) -> Iterator[Finding]:
    """## Why
    The checks that read a `run:` script's commands (script injection through `${{ }}`, secrets
    echoed, `npm install`, downloads piped into a shell) see nothing in a script whose quotes,
    substitutions or `${...}` expansions nest hundreds of levels deep: the shell parser gives up
    on it rather than exhaust the stack. This finding says the step went unchecked, so its
    silence is not read as a clean bill. The same check as DKR076 for Dockerfiles.

    ## Example
    (no example inline: it takes hundreds of levels, such as `"${a:-` written 600 times; the
    rule's case files hold one)

    ## Use instead
    Split the script, or move the generated part into a file in the repository and run it.
    """
    script = step.script()
    if script is not None and script.unanalysed and step.run is not None:
        yield ctx.finding(step.run, "this run: script nests too deeply to analyse: no shell check has read it")
