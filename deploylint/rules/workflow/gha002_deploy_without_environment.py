from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.workflow import Job, Workflow
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._levels import each_job


@rule(
    id="GHA002",
    name="deploy-without-environment",
    title="A deploy job has no environment",
    kind=Kind.WORKFLOW,
    severity=Severity.INFO,
    tags=("security", "deploy", "hardening"),
    security_severity=5.0,
)
@each_job
def deploy_without_environment(wf: Workflow, job: Job, ctx: Context) -> Iterator[Finding]:
    """## Why
    `environment:` is what puts a deployment behind required reviewers, wait timers and branch
    rules, and what scopes production secrets to that one job. A deploy job without it can use
    repository-wide secrets and ships with no approval gate. Publishing an image to a registry
    (`docker push`, `docker/build-push-action`) is not a deployment and is not reported here.

    This is `info` (tagged `hardening`, so the `strict` preset raises it to a warning): whether
    a deploy goes through an approval gate is an organisation's process choice, and what the
    workflow cannot show (branch protection, who may push to the deploying branch, secrets kept
    per repository on purpose) decides whether the gate is missing.

    ## Example
        on:
          push:
            branches: [main]
        jobs:
          deploy:
            runs-on: ubuntu-latest
            steps:
              - run: helm upgrade --install app ./chart

    ## Use instead
        on:
          push:
            branches: [main]
        jobs:
          deploy:
            runs-on: ubuntu-latest
            environment: production
            steps:
              - run: helm upgrade --install app ./chart
    """
    if job.environment is not None or job.uses is not None:
        return
    why = wf.deploy_reason(job, publishing=False)
    if why is not None:
        yield ctx.finding(
            job.id,
            f"deploy job '{job.id.value}' has no 'environment:': it {why} without an approval gate or "
            "environment-scoped secrets",
        )
