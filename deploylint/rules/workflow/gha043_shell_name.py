from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.workflow import Job, Str, Workflow
from deploylint.registry import Kind, rule
from deploylint.rules.workflow.gha041_runner_label import system_of

#: the shells GitHub runs by name, and the systems each is on ("*": every runner)
SHELLS: dict[str, frozenset[str]] = {
    "bash": frozenset({"*"}),
    "pwsh": frozenset({"*"}),
    "python": frozenset({"*"}),
    "sh": frozenset({"linux", "macos"}),
    "powershell": frozenset({"windows"}),
    "cmd": frozenset({"windows"}),
}
_SYSTEM = {"linux": "Linux", "macos": "macOS", "windows": "Windows"}


def runner_os(job: Job) -> str | None:
    """The one system the job runs on, from its labels (matrix values included), else None."""
    found: set[str] = set()
    for label in job.runs_on:
        for v in job.through_matrix(label):
            os_ = system_of(v.value)
            if os_ is not None:
                found.add(os_)
            elif v.has_expr and v is label:
                return None
    return found.pop() if len(found) == 1 else None


@rule(
    id="GHA043",
    name="shell-name",
    title="shell: names no shell GitHub knows, or one the runner does not have",
    kind=Kind.WORKFLOW,
    severity=Severity.ERROR,
    tags=("correctness",),
    aliases=("shell-name",),
)
def shell_name(wf: Workflow, ctx: Context) -> Iterator[Finding]:
    """## Why
    GitHub runs a `run:` script with a shell it knows by name (`bash`, `sh`, `pwsh`,
    `powershell`, `cmd`, `python`) or with a command of your own that has `{0}` where the
    script file goes (`perl {0}`, `bash --noprofile --norc -eo pipefail {0}`). Any other value
    fails the step. Windows PowerShell (`powershell`) and `cmd` exist only on Windows runners,
    and `sh` is not on them; `bash`, `pwsh` and `python` are on every GitHub-hosted runner.
    The system is taken from the job's `runs-on` labels (matrix values included) when they name
    one; step, job and workflow `defaults.run.shell` are all checked. Names are read without
    case (`PowerShell` is `powershell`). A known shell given by its path (`/bin/sh`) and
    computed values are not checked.

    ## Example
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: Get-ChildItem
                shell: powershell

    ## Use instead
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: Get-ChildItem
                shell: pwsh
    """
    if wf.defaults_shell is not None:
        yield from _check(ctx, wf.defaults_shell, None)
    for job in wf.jobs:
        os_ = runner_os(job)
        if job.defaults_shell is not None:
            yield from _check(ctx, job.defaults_shell, os_)
        for step in job.steps:
            if step.shell is not None:
                yield from _check(ctx, step.shell, os_)


def _check(ctx: Context, shell: Str, os_: str | None) -> Iterator[Finding]:
    if shell.has_expr:
        return
    name = shell.value.strip()
    if "{0}" in name or ("/" in name and name.rsplit("/", 1)[1].lower() in SHELLS):
        # a command of one's own, or a known shell by its path (`/bin/sh`): the runner's to judge
        return
    systems = SHELLS.get(name.lower())
    if systems is None:
        yield ctx.finding(
            shell,
            f"'{name}' is not a shell GitHub runs: use bash, sh, pwsh, powershell, cmd or python, "
            "or a command with '{0}' for the script",
        )
    elif os_ is not None and "*" not in systems and os_ not in systems:
        yield ctx.finding(shell, f"shell '{name}' is not available on {_SYSTEM[os_]} runners")
