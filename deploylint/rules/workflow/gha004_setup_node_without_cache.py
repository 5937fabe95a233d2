from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.workflow import Workflow
from deploylint.registry import Kind, rule

_INSTALLERS = {"npm", "yarn", "pnpm"}


@rule(
    id="GHA004",
    name="setup-node-without-cache",
    title="actions/setup-node without a dependency cache",
    kind=Kind.WORKFLOW,
    severity=Severity.INFO,
    tags=("performance",),
)
def setup_node_without_cache(wf: Workflow, ctx: Context) -> Iterator[Finding]:
    """## Why
    Without `cache:` every CI run downloads the whole dependency tree again. `actions/setup-node`
    caches the package manager's store keyed on the lockfile when told which manager you use.
    This is advice for CI and test workflows only: release, publish and deploy workflows are
    skipped, because a cache restored there can be poisoned by any earlier run (see GHA020), and
    so are jobs that install nothing or use `actions/cache` themselves.

    ## Example
        on: pull_request
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/setup-node@v4
                with:
                  node-version: 20
              - run: npm ci

    ## Use instead
        on: pull_request
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/setup-node@v4
                with:
                  node-version: 20
                  cache: npm
              - run: npm ci
    """
    if wf.is_release:
        return
    for job in wf.jobs:
        if wf.is_deploy_job(job):
            continue
        installs = any(
            cmd.name in _INSTALLERS and cmd.args[:1] in (("ci",), ("install",), ("i",), ())
            for step in job.steps
            for cmd in step.commands("npm", "yarn", "pnpm")
        )
        cached = any(s.uses is not None and s.uses.is_("actions/cache") for s in job.steps)
        if not installs or cached:
            continue
        for step in job.steps:
            if step.uses is not None and step.uses.is_("actions/setup-node") and step.input("cache") is None:
                if step.input("package-manager-cache") is not None:
                    continue
                yield ctx.finding(
                    step.uses.span, "'actions/setup-node' has no 'cache:'; dependencies are downloaded on every run"
                )
