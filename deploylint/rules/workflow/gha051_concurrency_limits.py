from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.tree import YNode, YScalar
from deploylint.models.workflow import Workflow
from deploylint.registry import Kind, Status, rule

#: events whose newer run supersedes a running one: a new push to the branch, a new PR commit
SUPERSEDING = frozenset({"push", "pull_request", "pull_request_target"})


def _bare(node: YNode | None) -> bool:
    """``concurrency: some-group``: a group without ``cancel-in-progress``."""
    return isinstance(node, YScalar) and not node.is_null


@rule(
    id="GHA051",
    name="concurrency-limits",
    title="Superseded runs of a push or pull request workflow are not cancelled",
    kind=Kind.WORKFLOW,
    severity=Severity.INFO,
    tags=("cost", "correctness"),
    aliases=("concurrency-limits",),
    status=Status.PREVIEW,
)
def concurrency_limits(wf: Workflow, ctx: Context) -> Iterator[Finding]:
    """## Why
    Every push and every new commit on a pull request starts a new run, and the runs it
    supersedes go on to the end: billed minutes, busy runners (a cheap way for anyone who can
    open pull requests to tie them up), and jobs that find "the latest" artifact of a branch may
    pick up an older run's. A `concurrency` group with `cancel-in-progress` stops the old run.
    A group written alone (`concurrency: ci`) queues runs instead of cancelling them.

    Reported for workflows triggered by `push`, `pull_request` or `pull_request_target`, on
    their `on:` key when neither the workflow nor every job sets a concurrency group, and on
    `concurrency:` when the workflow's group has no `cancel-in-progress`. Not reported: a
    reusable workflow (its caller's group applies), a group that says
    `cancel-in-progress: false` (a choice written down), and a workflow that deploys or
    releases, where a run cancelled half-way is worse than one that finishes. This is about
    cost, not a defect: `info`, and off by default (preview status, as zizmor keeps it to its
    pedantic persona): turn it on with `extend-select = ["GHA051"]`.

    ## Example
        on: pull_request
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - run: make test

    ## Use instead
        on: pull_request
        concurrency:
          group: ${{ github.workflow }}-${{ github.event.pull_request.number || github.ref }}
          cancel-in-progress: true
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - run: make test

    ## Differences from zizmor
    zizmor reports every trigger and every workflow, deploys and releases included; it gives the jobs
    without a group and the jobs with a bare group one finding each.
    """
    if not wf.events & SUPERSEDING or wf.on_span is None:
        return
    if wf.is_release or any(wf.is_deploy_job(j) for j in wf.jobs):
        return  # cancelling a release or a deploy half-way is worse than letting it finish
    if wf.concurrency is not None:
        pair = wf.root.pair("concurrency") if wf.root is not None else None
        if _bare(wf.concurrency) and pair is not None:
            yield ctx.finding(
                pair.key, "a bare 'concurrency' group queues superseded runs; add 'cancel-in-progress: true'"
            )
        return
    loose = [j for j in wf.jobs if not j.is_reusable_call and (j.concurrency is None or _bare(j.concurrency))]
    if loose:
        where = "its job" if len(wf.jobs) == 1 else f"{len(loose)} of its {len(wf.jobs)} jobs"
        yield ctx.finding(
            wf.on_span,
            f"superseded runs of this workflow are not cancelled ({where}: no 'concurrency' with "
            "'cancel-in-progress'); add one",
        )
