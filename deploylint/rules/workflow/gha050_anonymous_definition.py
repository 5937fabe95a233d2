from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.workflow import Workflow
from deploylint.registry import Kind, Status, rule


@rule(
    id="GHA050",
    name="anonymous-definition",
    title="A workflow or job has no name:",
    kind=Kind.WORKFLOW,
    severity=Severity.INFO,
    tags=("maintainability",),
    aliases=("anonymous-definition",),
    status=Status.PREVIEW,
)
def anonymous_definition(wf: Workflow, ctx: Context) -> Iterator[Finding]:
    """## Why
    Without `name:`, GitHub lists the workflow by its file path and the job by its id, in the
    Actions tab, in the checks of a pull request and in branch protection's required checks.
    A name says what the run is for at a glance. This is housekeeping, not a defect: `info`,
    and off by default (preview status, as zizmor keeps it to its pedantic persona): turn it
    on with `extend-select = ["GHA050"]`. The workflow finding is on its first key, a job's on its id; jobs that call a reusable
    workflow are named by the called workflow's jobs and are not reported.

    ## Example
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: make

    ## Use instead
        name: Build
        on: push
        jobs:
          build:
            name: Build and test
            runs-on: ubuntu-latest
            steps:
              - run: make

    ## Differences from zizmor
    zizmor reports only in its pedantic persona; deploylint reports when the rule is selected.
    """
    if wf.name is None and wf.root is not None and wf.root.pairs:
        yield ctx.finding(wf.root.pairs[0].key, "this workflow has no 'name:'; it is listed by its file path")
    for job in wf.jobs:
        if job.name is None and not job.is_reusable_call:
            yield ctx.finding(job.id, f"job '{job.id.value}' has no 'name:'; it is listed by its id")
