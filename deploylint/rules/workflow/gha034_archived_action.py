from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.workflow import ActionRef, Job, Step, Workflow
from deploylint.models.workflow_archived import archived
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._levels import each_uses


@rule(
    id="GHA034",
    name="archived-action",
    title="An archived or deprecated action is used",
    kind=(Kind.WORKFLOW, Kind.ACTION),
    severity=Severity.WARNING,
    tags=("supply-chain", "deprecated"),
    aliases=("archived-uses",),
)
@each_uses
def archived_action(wf: Workflow, job: Job, step: Step | None, ref: ActionRef, ctx: Context) -> Iterator[Finding]:
    """## Why
    An archived repository gets no fixes, security fixes included, and its maintainers have
    named a replacement. Many of these actions also run on a Node version the runners are
    removing, so the workflow stops working one day without a change of its own. The list
    (`deploylint/models/workflow_archived.py`) is dated; steps and reusable-workflow calls are
    both checked.

    ## Example
        on: push
        jobs:
          release:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/create-release@v1

    ## Use instead
        on: push
        jobs:
          release:
            runs-on: ubuntu-latest
            steps:
              - uses: softprops/action-gh-release@v2

    ## Differences from zizmor
    zizmor's `archived-uses` also checks `.pre-commit-config.yaml` hooks and keeps its own list;
    deploylint's list is its own (dated, with the replacement to use) and covers workflows and
    action files.
    """
    if ref.kind != "repo":
        return
    got = archived(ref.slug)
    if got is not None:
        since, instead = got
        yield ctx.finding(ref, f"'{ref.owner}/{ref.repo}' is archived (since {since}) and gets no fixes; use {instead}")
