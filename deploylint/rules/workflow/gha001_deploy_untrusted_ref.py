from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.workflow import Job, Workflow
from deploylint.models.workflow_deploy import step_deploy_reasons
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._util import named_only

_GUARDS = {("github", "ref"), ("github", "ref_name"), ("github", "ref_type"), ("github", "event_name")}
_STATUS_FUNCS = ("always()", "failure()", "cancelled()")


def _open_triggers(wf: Workflow) -> list[str]:
    """Triggers that run the workflow for pull requests or arbitrary branches."""
    out = [t.event for t in wf.triggers if t.event in ("pull_request", "pull_request_target")]
    push = wf.trigger("push")
    if push is not None:
        branches = push.filter("branches")
        tags = push.filter("tags")
        if push.filter("branches-ignore") is not None:
            out.append("push (any branch not ignored)")
        elif branches is None and tags is None:
            out.append("push (any branch)")
        elif branches is not None and any("*" in b.value for b in branches.items):
            out.append("push (branches matching a wildcard)")
    return out


def _own_guard(wf: Workflow, job: Job) -> bool | None:
    """True: the job's own condition is on the ref; False: it runs whatever its needs did
    (``always()``...), so a guard above it does not count; None: look at the jobs it needs."""
    if job.if_ is None:
        return None
    # inputs exist only for workflow_call/workflow_dispatch runs: a condition on them skips PR runs
    has_inputs = bool(wf.events & {"workflow_call", "workflow_dispatch"})
    for p, _n, _e in job.if_.refs():
        if p[:2] in _GUARDS or p == ("github", "event", "pull_request", "merged"):
            return True
        if has_inputs and (p[0] == "inputs" or p[:3] == ("github", "event", "inputs")):
            return True
    if any(f in job.if_.value.replace(" ", "") for f in _STATUS_FUNCS):
        return False
    return None


def _steps_guarded(wf: Workflow, job: Job) -> bool:
    """Every step of the job that deploys or publishes has its own condition on the ref or the
    event (``if: github.event_name != 'pull_request'`` on the push step): the job builds for pull
    requests, and ships only where the condition lets it."""
    shipping = [s for s in job.steps if next(step_deploy_reasons(wf, s), None) is not None]
    return bool(shipping) and all(
        s.if_ is not None and any(p[:2] in _GUARDS for p, _n, _e in s.if_.refs()) for s in shipping
    )


def _guarded_jobs(wf: Workflow) -> set[int]:
    """``id()`` of every job that is guarded itself or needs a guarded job (through jobs whose
    condition has no status function).

    One pass from the guarded jobs down the ``needs`` links they are named in (each link once),
    not a call per link from every deploy job: a chain of 1,000 jobs must neither exhaust the
    Python stack nor cost a walk of the chain per job."""
    exact: dict[str, Job] = {}
    folded: dict[str, Job] = {}
    for j in wf.jobs:  # as Workflow.job finds a name: the exact id first, then ignoring case
        exact.setdefault(j.id.value, j)
        folded.setdefault(j.id.value.lower(), j)
    verdict = {id(j): _own_guard(wf, j) for j in wf.jobs}
    needed_by: dict[int, list[Job]] = {}
    for j in wf.jobs:
        for need in j.needs:
            parent = exact.get(need.value) or folded.get(need.value.lower())
            if parent is not None:
                needed_by.setdefault(id(parent), []).append(j)
    queue = [j for j in wf.jobs if verdict[id(j)]]
    guarded = {id(j) for j in queue}
    while queue:
        for child in needed_by.get(id(queue.pop()), ()):
            if verdict[id(child)] is None and id(child) not in guarded:
                guarded.add(id(child))
                queue.append(child)
    return guarded


@rule(
    id="GHA001",
    name="deploy-from-untrusted-ref",
    title="A deploy job can run for pull requests or any branch",
    kind=Kind.WORKFLOW,
    severity=Severity.WARNING,
    tags=("security", "deploy"),
    security_severity=7.0,
)
def deploy_from_untrusted_ref(wf: Workflow, ctx: Context) -> Iterator[Finding]:
    """## Why
    A job that deploys (it runs `kubectl apply`, `aws ecs update-service`, `docker push`... or
    uses a deploy action) ships whatever commit triggered the run. When the workflow also runs for
    `pull_request` or for pushes to any branch, and the job has no condition on the ref, an
    unreviewed branch reaches production. Guard the job with
    `if: github.ref == 'refs/heads/main'` (or `github.event_name == 'push'` with a branch filter),
    or trigger deploys only from the default branch or tags. A guard on a job it `needs` counts
    (unless the job runs `always()`), and so does a condition on `inputs` in a workflow that also
    runs as `workflow_call`/`workflow_dispatch` (inputs are empty on other events), and so do
    conditions on the ref or the event on every step that deploys or pushes (a job that builds
    for pull requests and pushes only on the main branch).

    A job taken for a deploy by its name alone (`name: Deploy docs`, no deploy command, action or
    environment) is `info`.
    A workflow run only for `pull_request` deploys preview environments on purpose (and
    gets no secrets for pull requests from forks): not judged. Nor is a job that pushes an image
    only for the workflow's own test jobs, which need it (a CI build stage: running for pull
    requests is its purpose).

    ## Example
        on: [push, pull_request]
        jobs:
          deploy:
            runs-on: ubuntu-latest
            steps:
              - run: kubectl apply -f k8s/

    ## Use instead
        on: [push, pull_request]
        jobs:
          deploy:
            if: github.ref == 'refs/heads/main' && github.event_name == 'push'
            runs-on: ubuntu-latest
            steps:
              - run: kubectl apply -f k8s/

    ## Options
    Deploy detection is configured in `[tool.deploylint.workflow]`: `deploy-commands` and
    `deploy-actions` add to the built-in lists.
    """
    open_triggers = _open_triggers(wf)
    if not open_triggers or wf.events == {"pull_request"}:
        return  # a workflow run only for pull requests deploys previews on purpose
    guarded: set[int] | None = None
    for job in wf.jobs:
        why = wf.deploy_reason(job)
        if why is None:
            continue
        if guarded is None:
            guarded = _guarded_jobs(wf)
        if id(job) in guarded or _steps_guarded(wf, job):
            continue
        yield ctx.finding(
            job.id,
            f"deploy job '{job.id.value}' can run for {', '.join(open_triggers)}: it {why} with no "
            "condition on the branch; add \"if: github.ref == 'refs/heads/main'\"",
            severity=Severity.INFO if named_only(why) else None,
        )
