from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.workflow import Workflow
from deploylint.registry import Kind, rule


@rule(
    id="GHA029",
    name="job-needs",
    title="needs: names a missing job, repeats one, or forms a cycle",
    kind=Kind.WORKFLOW,
    severity=Severity.ERROR,
    tags=("correctness",),
    aliases=("job-needs",),
)
def job_needs(wf: Workflow, ctx: Context) -> Iterator[Finding]:
    """## Why
    GitHub rejects a workflow whose `needs:` names a job that does not exist or whose jobs wait
    for each other in a cycle: nothing runs. Job ids are case-insensitive, so a job listed twice
    in different case is a mistake too.

    ## Example
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: make
          deploy:
            needs: biuld
            runs-on: ubuntu-latest
            steps:
              - run: make deploy

    ## Use instead
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: make
          deploy:
            needs: build
            runs-on: ubuntu-latest
            steps:
              - run: make deploy
    """
    for job in wf.jobs:
        seen: set[str] = set()
        for need in job.needs:
            low = need.value.lower()
            if low in seen:
                yield ctx.finding(need, f"job '{job.id.value}' lists '{need.value}' twice in 'needs'")
                continue
            seen.add(low)
            if wf.job(need.value) is None:
                yield ctx.finding(need, f"job '{job.id.value}' needs '{need.value}', which does not exist")
    cycle = wf.cycle()
    if cycle:
        first = wf.job(cycle[0])
        if first is not None:
            yield ctx.finding(first.id, "'needs' forms a cycle: " + " -> ".join(cycle))
