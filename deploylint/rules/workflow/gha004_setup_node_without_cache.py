from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Fix, Severity
from deploylint.models.workflow import Job, Step, Workflow
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._levels import each_job
from deploylint.yaml_edit import add_entry

_INSTALLERS = {"npm", "yarn", "pnpm"}
#: the lockfiles actions/setup-node keys each manager's cache on (at the workspace's top)
_LOCKFILES = {
    "npm": ("package-lock.json", "npm-shrinkwrap.json"),
    "yarn": ("yarn.lock",),
    "pnpm": ("pnpm-lock.yaml",),
}


@rule(
    id="GHA004",
    name="setup-node-without-cache",
    title="actions/setup-node without a dependency cache",
    kind=Kind.WORKFLOW,
    severity=Severity.INFO,
    tags=("performance",),
    fixable=True,
    needs_project=True,
)
@each_job
def setup_node_without_cache(wf: Workflow, job: Job, ctx: Context) -> Iterator[Finding]:
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

    ## Fix safety
    Safe: `cache: npm` (or `yarn`, `pnpm`) is added to the step's `with:` (as its first entry,
    block or flow style kept), or a `with:` block is added on the line after `uses:`. What gets
    installed does not change (the cache holds the package manager's download store, keyed on
    the lockfile); the job restores it before the install and saves it at the end. Fixed only
    when the job installs with one manager, the repository has that manager's lockfile at its
    top (where setup-node looks for it), the job checks the repository out there before the
    step (`actions/checkout` without `path:` or `repository:`), and, for pnpm, installs pnpm
    (`pnpm/action-setup`) before it: otherwise setup-node would fail looking for the lockfile
    or the `pnpm` command.
    """
    if wf.is_release:
        return
    if wf.is_deploy_job(job):
        return
    managers = {
        cmd.command_name
        for step in job.steps
        for cmd in step.commands("npm", "yarn", "pnpm")
        if cmd.command_name in _INSTALLERS and cmd.arg_values[:1] in (("ci",), ("install",), ("i",), ())
    }
    installs = bool(managers)
    cached = any(s.uses is not None and s.uses.is_("actions/cache") for s in job.steps)
    if not installs or cached:
        return
    for step in job.steps:
        if step.uses is not None and step.uses.is_("actions/setup-node") and step.input("cache") is None:
            if step.input("package-manager-cache") is not None:
                continue
            yield ctx.finding(
                step.uses.span,
                "'actions/setup-node' has no 'cache:'; dependencies are downloaded on every run",
                fix=_cache(wf, job, step, managers, ctx) if len(managers) == 1 else None,
            )


def _cache(wf: Workflow, job: Job, step: Step, managers: set[str], ctx: Context) -> Fix | None:
    """``cache: <manager>`` for the step, when setup-node will find the lockfile and the manager."""
    (manager,) = managers
    before = job.steps[: job.steps.index(step)]
    checkouts = [s for s in before if s.uses is not None and s.uses.is_("actions/checkout")]
    if not checkouts or any(s.input("path") is not None or s.input("repository") is not None for s in checkouts):
        return None
    if manager == "pnpm" and not any(s.uses is not None and s.uses.is_("pnpm/action-setup") for s in before):
        return None
    project = ctx.project
    if project is None or project.workspace_file(wf, _LOCKFILES[manager]) is None:
        return None
    edit = add_entry(step.node, wf.source, "with", f"cache: {manager}", after="uses")
    return Fix(f"add 'cache: {manager}'", (edit,)) if edit is not None else None
