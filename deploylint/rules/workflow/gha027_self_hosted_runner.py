from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.workflow import Job, Workflow
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._levels import each_job


@rule(
    id="GHA027",
    name="self-hosted-runner",
    title="A job runs on a self-hosted runner",
    kind=Kind.WORKFLOW,
    severity=Severity.INFO,
    tags=("security", "hardening"),
    security_severity=4.0,
    aliases=("self-hosted-runner",),
)
@each_job
def self_hosted_runner(wf: Workflow, job: Job, ctx: Context) -> Iterator[Finding]:
    """## Why
    Self-hosted runners are not wiped between jobs: a job that runs untrusted code (a pull
    request from a fork, a dependency's install script) can leave a backdoor for the next job
    and reach whatever network the machine sits in. GitHub advises against them for public
    repositories. Use ephemeral runners (`--ephemeral`, just-in-time) where you need them.
    Reported as a warning when the workflow runs for pull requests.

    ## Example
        on: push
        jobs:
          build:
            runs-on: [self-hosted, linux]
            steps:
              - run: make

    ## Use instead
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: make

    ## Differences from zizmor
    zizmor reports self-hosted runners only under its auditor persona; deploylint reports them as
    info (a warning for pull-request workflows). A label taken from the matrix
    (`runs-on: ${{ matrix.os }}`) is resolved to every value the matrix gives it, excluded
    values left out.
    """
    prs = wf.pr_triggered
    labels = [v for label in job.runs_on for v in job.through_matrix(label)]
    if any(v.value.strip().lower() == "self-hosted" for v in labels) or job.runs_on_group is not None:
        at = job.runs_on_span or job.id.span
        msg = f"job '{job.id.value}' runs on a self-hosted runner"
        if prs:
            yield ctx.finding(at, msg + " for pull requests", severity=Severity.WARNING)
        else:
            yield ctx.finding(at, msg)
