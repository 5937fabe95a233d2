from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.registry import Kind, rule
from deploylint.rules._engine_rules import engine_reported


@rule(
    id="CORE003",
    name="unknown-suppression",
    title="Suppression comment names an unknown rule",
    kind=Kind.CORE,
    severity=Severity.INFO,
    tags=("tool", "suppression"),
)
def unknown_suppression(model: object, ctx: Context) -> Iterator[Finding]:
    """## Why
    A `# deploylint: ignore[...]` comment names something that is no rule id, rule name, peer
    alias, prefix or tag, so it suppresses nothing. Usually a typo.

    ## Example
        # deploylint: ignore[DKR999]
        FROM python:latest

    ## Use instead
        # deploylint: ignore[DKR001] base image pinned by the build system
        FROM python:latest
    """
    return engine_reported(model, ctx)
