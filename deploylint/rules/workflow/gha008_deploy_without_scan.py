from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.workflow import Workflow
from deploylint.models.workflow_deploy import step_builds_image, step_scans
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._util import named_only


@rule(
    id="GHA008",
    name="deploy-without-scan",
    title="An image is built and deployed without a vulnerability scan",
    kind=Kind.WORKFLOW,
    severity=Severity.WARNING,
    tags=("security", "deploy", "docker"),
    security_severity=4.0,
)
def deploy_without_scan(wf: Workflow, ctx: Context) -> Iterator[Finding]:
    """## Why
    A workflow that builds a container image and deploys it should scan that image (Trivy,
    Grype, Snyk, Docker Scout...) before the deploy, and the deploy should wait for the scan: put
    the scan in the deploy job or in a job the deploy job `needs`. Otherwise known-vulnerable
    images reach production unnoticed. Extra scanners can be declared with `scanners` in
    `[tool.deploylint.workflow]`.

    A job taken for a deploy by its name alone (`name: Deploy docs`, no deploy command, action or
    environment) is `info`.

    ## Example
        on:
          push:
            branches: [main]
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: docker build -t app:${{ github.sha }} .
          deploy:
            needs: build
            runs-on: ubuntu-latest
            environment: production
            steps:
              - run: kubectl set image deploy/app app=app:${{ github.sha }}

    ## Use instead
        on:
          push:
            branches: [main]
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: docker build -t app:${{ github.sha }} .
              - uses: aquasecurity/trivy-action@0.28.0
                with:
                  image-ref: app:${{ github.sha }}
          deploy:
            needs: build
            runs-on: ubuntu-latest
            environment: production
            steps:
              - run: kubectl set image deploy/app app=app:${{ github.sha }}
    """
    builders = [j for j in wf.jobs if any(step_builds_image(s) for s in j.steps)]
    if not builders:
        return
    for job in wf.jobs:
        why = wf.deploy_reason(job, publishing=False)
        if why is None:
            continue  # publishing an image is not running it
        chain = [job] + [j for j in wf.jobs if j.id.value.lower() in wf.ancestors(job)]
        if any(step_scans(wf, s) for j in chain for s in j.steps):
            continue
        yield ctx.finding(
            job.id,
            f"deploy job '{job.id.value}' ships an image built in this workflow, but no vulnerability scan "
            f"runs in it or in a job it needs (built in '{builders[0].id.value}')",
            severity=Severity.INFO if named_only(why) else None,
        )
