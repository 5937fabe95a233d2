from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.workflow import Job, Workflow
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._levels import each_job


@rule(
    id="GHA017",
    name="secrets-inherit",
    title="A reusable workflow receives every secret",
    kind=Kind.WORKFLOW,
    severity=Severity.INFO,
    tags=("security", "hardening", "secrets"),
    security_severity=4.0,
    aliases=("secrets-inherit",),
)
@each_job
def secrets_inherit(wf: Workflow, job: Job, ctx: Context) -> Iterator[Finding]:
    """## Why
    `secrets: inherit` passes all of the caller's secrets to the called workflow, including ones
    it never needs; a bug or a compromised dependency there can then leak any of them. Pass the
    secrets it uses by name.

    ## Example
        on: push
        jobs:
          call:
            uses: ./.github/workflows/deploy.yml
            secrets: inherit

    ## Use instead
        on: push
        jobs:
          call:
            uses: ./.github/workflows/deploy.yml
            secrets:
              DEPLOY_KEY: ${{ secrets.DEPLOY_KEY }}

    ## Fix safety
    No fix, on purpose: which secrets the called workflow needs is written in that workflow (its
    `on.workflow_call.secrets`, or only in its steps), often in another repository, and a secret
    left out breaks the call at run time. Listing them is the author's decision.
    """
    if job.secrets_inherit is not None:
        yield ctx.finding(job.secrets_inherit, f"job '{job.id.value}' passes every secret to the called workflow")
