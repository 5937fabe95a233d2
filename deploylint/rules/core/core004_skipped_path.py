from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.registry import Kind, rule
from deploylint.rules._engine_rules import engine_reported


@rule(
    id="CORE004",
    name="path-not-read",
    title="A path was not read",
    kind=Kind.CORE,
    severity=Severity.WARNING,
    tags=("tool", "security"),
    security_severity=3.0,
)
def skipped_path(model: object, ctx: Context) -> Iterator[Finding]:
    """## Why
    deploylint refuses to read outside the scanned root: a symlink that points out of it, a
    symlink loop, or a path that cannot be read is reported instead of followed. Untrusted
    repositories (pull requests from forks) must not make the linter read `/etc/passwd`.

    ## Example
        Dockerfile -> /etc/passwd   (a symlink out of the repository)

    ## Use instead
        Dockerfile                  (a regular file inside the repository)
    """
    return engine_reported(model, ctx)
