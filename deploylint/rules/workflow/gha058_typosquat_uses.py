from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Confidence, Finding, Severity
from deploylint.models.workflow import ActionRef, Job, Step, Workflow
from deploylint.models.workflow_popular import squatted
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._levels import each_uses


@rule(
    id="GHA058",
    name="typosquat-uses",
    title="An action's name is one typing slip away from a popular action of another owner",
    kind=(Kind.WORKFLOW, Kind.ACTION),
    severity=Severity.WARNING,
    tags=("security", "supply-chain"),
    security_severity=7.0,
    aliases=("typosquat-uses",),
)
@each_uses
def typosquat_uses(wf: Workflow, job: Job, step: Step | None, ref: ActionRef, ctx: Context) -> Iterator[Finding]:
    """## Why
    `uses: action/checkout@v4` runs code from the account `action`, not from `actions`. Anyone
    can register a misspelt account or repository name of a popular action, and a workflow that
    names it runs the attacker's code with the job's token and secrets. This fires on an
    `owner/repo` that is one slip (a character left out or doubled, two neighbours swapped, a
    neighbouring key or a look-alike such as `0` for `o`) away from an action of the table in
    `deploylint/models/workflow_popular.py`, under another owner. A misspelt repository of the
    same owner (`actions/chekout`) is not reported: that owner holds the name and the reference
    just fails; nor is any action of an owner the table lists. Offline, deploylint cannot tell
    whether the misspelt repository exists, so check the name and correct it.

    ## Example
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - uses: actoins/checkout@v4

    ## Use instead
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4

    ## Differences from zizmor
    The table and the slips are deploylint's own; zizmor raises its confidence online when the
    misspelt repository exists, deploylint reports every near miss at medium confidence.
    """
    if ref.kind != "repo":
        return
    meant = squatted(ref.slug)
    if meant is not None:
        yield ctx.finding(
            ref.raw.span_of(0, len(ref.owner) + 1 + len(ref.repo)),
            f"'{ref.owner}/{ref.repo}' looks like a misspelling of '{meant}' (another owner's name)",
            confidence=Confidence.MEDIUM,
        )
