from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.workflow import Workflow
from deploylint.models.workflow_deploy import is_test_job
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._util import named_only


@rule(
    id="GHA013",
    name="deploy-without-tests",
    title="A deploy job does not wait for the test jobs",
    kind=Kind.WORKFLOW,
    severity=Severity.WARNING,
    tags=("deploy",),
)
def deploy_without_tests(wf: Workflow, ctx: Context) -> Iterator[Finding]:
    """## Why
    Jobs run in parallel unless `needs:` orders them. A deploy job that does not (directly or
    through other jobs) need the workflow's test jobs ships the commit while its tests are still
    running, or after they failed. Test jobs are those named like `test`, `unit`, `ci`, `check`,
    `e2e`... or running a test command (`npm test`, `pytest`, `go test`...); add your own globs
    with `test-jobs` in `[tool.deploylint.workflow]`. Workflows without a test job are not
    reported. A status aggregator (a "CI gate" that only checks the results of the jobs it
    needs) is not a test job, and a job that pushes the image a test job then pulls (the test
    job needs it, directly or through other jobs) is the pipeline's build stage, not a deploy.

    A job taken for a deploy by its name alone (`name: Deploy docs`, no deploy command, action or
    environment) is `info`.

    ## Example
        on:
          push:
            branches: [main]
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - run: npm test
          deploy:
            runs-on: ubuntu-latest
            environment: production
            steps:
              - run: flyctl deploy

    ## Use instead
        on:
          push:
            branches: [main]
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - run: npm test
          deploy:
            needs: test
            runs-on: ubuntu-latest
            environment: production
            steps:
              - run: flyctl deploy
    """
    deploys = [j for j in wf.jobs if wf.deploy_reason(j) is not None]
    if not deploys:
        return
    deploy_ids = {j.id.value for j in deploys}
    tests = [j for j in wf.jobs if j.id.value not in deploy_ids and j.uses is None and is_test_job(wf, j)]
    if not tests:
        return
    for job in deploys:
        if is_test_job(wf, job):
            continue
        why = wf.deploy_reason(job) or ""
        before = wf.ancestors(job)
        skipped = [t.id.value for t in tests if t.id.value.lower() not in before]
        if skipped:
            yield ctx.finding(
                job.id,
                f"deploy job '{job.id.value}' does not need the test job(s) {', '.join(skipped)}; it can ship "
                "untested code",
                severity=Severity.INFO if named_only(why) else None,
            )
