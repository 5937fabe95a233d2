from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.registry import Kind, rule
from deploylint.rules._engine_rules import engine_reported


@rule(
    id="CORE001",
    name="internal-error",
    title="deploylint hit an internal error",
    kind=Kind.CORE,
    severity=Severity.ERROR,
    tags=("tool",),
)
def internal_error(model: object, ctx: Context) -> Iterator[Finding]:
    """## Why
    A parser or a rule raised an exception on this file. The other rules and files were still
    checked, but this file may be missing findings. The message names the rule and where it failed;
    please report it with the file that triggers it. The run exits 1 and the summary says
    "internal error".

    ## Example
        (any input that makes a rule crash)

    ## Use instead
        (nothing to change in your file; upgrade deploylint or report the bug)
    """
    return engine_reported(model, ctx)
