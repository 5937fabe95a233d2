from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Applicability, Edit, Finding, Fix, Severity
from deploylint.models.workflow import ActionRef, Job, Step, Workflow
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._levels import each_uses


@rule(
    id="GHA056",
    name="self-repository",
    title="An in-repository action or workflow is used through ./ rather than $/",
    kind=Kind.WORKFLOW,
    severity=Severity.INFO,
    tags=("security", "hardening", "supply-chain"),
    security_severity=2.0,
    aliases=("self-repository",),
    fixable=True,
)
@each_uses
def self_repository(wf: Workflow, job: Job, step: Step | None, ref: ActionRef, ctx: Context) -> Iterator[Finding]:
    """## Why
    A step's `uses: ./path` loads the action from whatever is in the workspace when the step
    runs: an earlier step that checks out another ref, unpacks an artifact or writes files there
    decides which code runs. GitHub's self-repository form, `uses: $/path` (July 2026), always
    names the file in the workflow's own repository at the workflow's commit. For steps and for
    reusable-workflow calls alike, repository policies that require pinned actions count `$/` as
    pinned and cannot judge `./`. This is info: GitHub Enterprise Server may not know the new
    form yet, and a workflow that means to run an action it just checked out must keep `./`.

    ## Example
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - uses: ./.github/actions/setup

    ## Use instead
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - uses: $/.github/actions/setup

    ## Fix safety
    The fix writes `$/` for the leading `.` and is unsafe: on a GitHub that does not support
    the form the workflow stops working, and a workflow that runs an action from a different
    checkout in the workspace would now run the repository's own copy.

    ## Differences from zizmor
    zizmor also reports the composite steps of action files; there `./` names the calling
    workflow's workspace, not the action's repository, so rewriting it changes what runs and
    deploylint leaves action files alone.
    """
    if ref.kind != "local":
        return
    value = ref.raw.value
    lead = len(value) - len(value.lstrip())
    if not value.startswith("./", lead):
        return
    fix = Fix(
        "use '$/' (the self-repository form)", (Edit(ref.raw.span_of(lead, lead + 1), "$"),), Applicability.UNSAFE
    )
    why = "pinning policies cannot judge './'" if step is None else "'./' loads it from the workspace at run time"
    yield ctx.finding(
        ref.raw.span_of(lead, len(value.rstrip())),
        f"use '${value.strip()[1:]}' (the self-repository form): {why}",
        fix=fix,
    )
