from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.registry import Kind, rule
from deploylint.rules._engine_rules import engine_reported


@rule(
    id="NGX000",
    name="nginx-syntax-error",
    title="nginx configuration does not parse",
    kind=Kind.NGINX,
    severity=Severity.ERROR,
    tags=("syntax",),
)
def syntax_error(model: object, ctx: Context) -> Iterator[Finding]:
    """## Why
    nginx refuses to start (or reload) with a configuration it cannot parse, and a missing `;`
    can be worse: nginx silently reads the next line as more arguments of the previous directive
    (`server_name example.com` followed by `listen 80;` becomes four server names). The finding
    points where the problem is: the unexpected `;`, `{` or `}`, the place a `;` is missing, the
    block that is never closed, or the string that never ends. The rest of the file is still
    checked where the parser could recover.

    ## Example
        server {
            server_name example.com
            listen 80;
        }

    ## Use instead
        server {
            server_name example.com;
            listen 80;
        }
    """
    return engine_reported(model, ctx)
