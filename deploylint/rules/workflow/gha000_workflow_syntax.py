from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.registry import Kind, rule
from deploylint.rules._engine_rules import engine_reported


@rule(
    id="GHA000",
    name="workflow-syntax",
    title="The workflow or action file is not valid",
    kind=(Kind.WORKFLOW, Kind.ACTION),
    severity=Severity.ERROR,
    tags=("syntax",),
    aliases=("syntax-check", "id", "permissions", "env-var", "workflow-call", "action"),
)
def workflow_syntax(model: object, ctx: Context) -> Iterator[Finding]:
    """## Why
    GitHub refuses a workflow whose YAML does not parse or whose structure is wrong (a job
    without `runs-on`, a step with both `uses` and `run`), and it silently ignores unknown keys
    such as a misspelt `timeout-minute`. The message says what is wrong and, for an unknown key,
    suggests the closest valid one. The rest of the file is still checked where it could be read.
    Definitions are checked too: the `type` of a `workflow_dispatch` input (`string`, `number`,
    `boolean`, `choice`, `environment`) or of a `workflow_call` input (the first three), the keys
    of `workflow_call` secrets and outputs (an output needs a `value`), a schedule's `timezone`
    (an IANA name, looked up in the time zone database on this machine; without one only an empty
    name is reported), a job's `snapshot` (an image name, or `image-name` with `version` and `if`),
    empty lists and empty items in event filters, `with:` on a step that runs a command,
    container `credentials` written as a string, and a YAML alias used inside the value its own
    anchor names (the value would contain itself).

    ## Example
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            timeout-minute: 10
            steps:
              - run: make

    ## Use instead
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            timeout-minutes: 10
            steps:
              - run: make

    ## Differences from actionlint
    actionlint refuses `UTC` as a schedule timezone; the time zone database lists it, so it is
    accepted here. deploylint
    reports wrong node types for mappings and lists, unknown keys, missing required keys,
    duplicate job ids and malformed `uses:` values here (what actionlint's `workflow-call` and
    `action` checks say of the form of a reference: a reusable workflow named without its file
    or a local one with `@ref`, an action without `@ref` or owner), and the other trigger
    problems (events, filters, activity types, input defaults, cron) under GHA030.

    ## References
    - https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions
    """
    return engine_reported(model, ctx)
