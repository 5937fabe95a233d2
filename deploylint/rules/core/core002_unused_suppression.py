from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.registry import Kind, rule
from deploylint.rules._engine_rules import engine_reported


@rule(
    id="CORE002",
    name="unused-suppression",
    title="Suppression comment suppresses nothing",
    kind=Kind.CORE,
    severity=Severity.INFO,
    tags=("tool", "suppression"),
)
def unused_suppression(model: object, ctx: Context) -> Iterator[Finding]:
    """## Why
    A `# deploylint: ignore[...]` comment names a rule that ran on this file but reported nothing
    where the comment applies. Stale suppressions hide the next real problem at that spot.
    Peers' pragmas (`# hadolint ignore=`, `# zizmor: ignore[...]`) are honoured but never reported
    as unused, so a migration does not start with noise.

    ## Example
        # deploylint: ignore[DKR001] pinned below
        FROM python:3.12-slim

    ## Use instead
        FROM python:3.12-slim
    """
    return engine_reported(model, ctx)
