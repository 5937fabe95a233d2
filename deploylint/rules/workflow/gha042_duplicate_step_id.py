from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.workflow import Job, Str, Workflow
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._levels import each_job


@rule(
    id="GHA042",
    name="duplicate-step-id",
    title="Two steps of a job share an id",
    kind=Kind.WORKFLOW,
    severity=Severity.ERROR,
    tags=("correctness",),
    aliases=("id",),
)
@each_job
def duplicate_step_id(wf: Workflow, job: Job, ctx: Context) -> Iterator[Finding]:
    """## Why
    `steps.<id>` names one step of the job, so GitHub refuses a workflow where two steps of
    the same job carry the same `id`; ids are compared without case, so `build` and `BUILD`
    clash too. Steps of different jobs may share an id. Ids computed by an expression are not
    compared. Ids that are not well formed, and job ids that repeat, are reported by GHA000.

    ## Example
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - id: version
                run: echo "v=1" >> "$GITHUB_OUTPUT"
              - id: Version
                run: echo "v=2" >> "$GITHUB_OUTPUT"

    ## Use instead
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - id: version
                run: echo "v=1" >> "$GITHUB_OUTPUT"
              - id: next-version
                run: echo "v=2" >> "$GITHUB_OUTPUT"
    """
    seen: dict[str, Str] = {}
    for step in job.steps:
        sid = step.id
        if sid is None or sid.has_expr:
            continue
        low = sid.value.lower()
        first = seen.get(low)
        if first is None:
            seen[low] = sid
            continue
        yield ctx.finding(
            sid,
            f"step id '{sid.value}' is used already in job '{job.id.value}' (line {first.span.start_line}); "
            "step ids are unique within a job, without case",
        )
