from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.workflow import Permissions, Workflow
from deploylint.registry import Kind, Status, rule


@rule(
    id="GHA052",
    name="undocumented-permissions",
    title="A permission is granted without a comment saying why",
    kind=Kind.WORKFLOW,
    severity=Severity.INFO,
    tags=("maintainability",),
    aliases=("undocumented-permissions",),
    status=Status.PREVIEW,
)
def undocumented_permissions(wf: Workflow, ctx: Context) -> Iterator[Finding]:
    """## Why
    A permission nobody remembers the reason for is never taken away again: the next person to
    edit the workflow cannot tell whether `issues: write` is still needed, so it stays, and the
    token keeps more power than the job uses. A short comment on the scope's line (or on the
    lines right above it) says which step needs it. Every scope of a `permissions:` mapping, of
    the workflow and of each job, is checked; `contents: read`, which every job that checks out
    the repository needs, explains itself. A comment that is only `#` explains nothing. This is
    housekeeping, not a defect: `info`, and off by default (preview status, as zizmor keeps it
    to its pedantic persona): turn it on with `extend-select = ["GHA052"]`.

    ## Example
        on: push
        permissions:
          contents: write
        jobs:
          release:
            runs-on: ubuntu-latest
            steps:
              - run: gh release create "$GITHUB_REF_NAME"

    ## Use instead
        on: push
        permissions:
          contents: write  # gh release create publishes the release
        jobs:
          release:
            runs-on: ubuntu-latest
            steps:
              - run: gh release create "$GITHUB_REF_NAME"

    ## Differences from zizmor
    zizmor gives each `permissions:` block one finding listing its scopes; deploylint reports
    each scope at its key, and also takes comment lines right above a scope as its explanation.
    """
    blocks: list[Permissions | None] = [wf.permissions, *(j.permissions for j in wf.jobs)]
    for perms in blocks:
        if perms is None:
            continue
        for i, (key, value) in enumerate(perms.scopes):
            if key.value == "contents" and value.value == "read":
                continue
            if not perms.note(i):
                yield ctx.finding(key, f"'{key.value}: {value.value}' has no comment saying which step needs it")
