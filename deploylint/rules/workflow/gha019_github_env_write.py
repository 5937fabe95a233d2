from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Confidence, Finding, Severity
from deploylint.models.workflow import Job, Step, Workflow
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._levels import each_step

_TARGETS = ("GITHUB_ENV", "GITHUB_PATH")


@rule(
    id="GHA019",
    name="github-env-write",
    title="A privileged workflow writes computed values to GITHUB_ENV or GITHUB_PATH",
    kind=(Kind.WORKFLOW, Kind.ACTION),
    severity=Severity.WARNING,
    tags=("security", "injection"),
    security_severity=7.5,
    aliases=("github-env",),
)
@each_step
def github_env_write(wf: Workflow, job: Job, step: Step, ctx: Context) -> Iterator[Finding]:
    """## Why
    Lines written to `$GITHUB_ENV` become environment variables of every later step, and
    `$GITHUB_PATH` entries change which programs run. In a `pull_request_target` or
    `workflow_run` workflow, values computed from the pull request (a title, a branch name, an
    artifact) can then set `LD_PRELOAD`, `BASH_ENV` or `NODE_OPTIONS`, or put an attacker's
    directory first on the PATH, with the repository's secrets in reach. Pass such values
    through step outputs instead. Static lines (`echo FOO=bar >> $GITHUB_ENV`) are not reported.

    ## Example
        on: pull_request_target
        jobs:
          label:
            runs-on: ubuntu-latest
            steps:
              - run: echo "BRANCH=$HEAD" >> "$GITHUB_ENV"
                env:
                  HEAD: ${{ github.head_ref }}

    ## Use instead
        on: pull_request_target
        jobs:
          label:
            runs-on: ubuntu-latest
            steps:
              - id: branch
                run: echo "name=$HEAD" >> "$GITHUB_OUTPUT"
                env:
                  HEAD: ${{ github.head_ref }}

    In a composite action, whose callers' triggers are unknown, such a write is reported at low
    confidence and as `info`: it matters when a privileged workflow calls the action.

    ## Differences from zizmor
    zizmor reports writes in composite actions at high severity; deploylint as information.
    """
    if not wf.is_action and not wf.dangerous_triggers:
        return
    for cmd in step.commands(*_TARGETS):
        # a computed line: an expansion of any kind ($X, $(...), `...`, ${{ }}) or a printf
        # directive in an argument, or a command other than echo/printf writing it
        computed = cmd.command_name not in ("echo", "printf") or any(
            w.has_expansion or "%" in w.raw for w in cmd.words[1:]
        )
        for target in cmd.output_files:
            name = next((v for v in target.variables if v in _TARGETS), None)
            if name is not None and computed:
                if wf.is_action:
                    yield ctx.finding(
                        target.span,
                        f"a computed value is written to {name} in a composite action; a caller with a "
                        "privileged trigger passes it to its later steps",
                        severity=Severity.INFO,
                        confidence=Confidence.LOW,
                    )
                else:
                    yield ctx.finding(
                        target.span, f"a computed value is written to {name} in a workflow with a privileged trigger"
                    )
