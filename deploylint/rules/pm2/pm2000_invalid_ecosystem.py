from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.registry import Kind, rule
from deploylint.rules._engine_rules import engine_reported


@rule(
    id="PM2000",
    name="invalid-pm2-ecosystem",
    title="PM2 ecosystem file cannot be read",
    kind=Kind.PM2,
    severity=Severity.ERROR,
    tags=("syntax",),
)
def invalid_ecosystem(model: object, ctx: Context) -> Iterator[Finding]:
    """## Why
    `pm2 start ecosystem.config.js` fails on a syntax error, and a JSON or YAML ecosystem file with
    a syntax error or a duplicate key does not start what it seems to say. The JavaScript form is
    parsed, never run: a file that builds its configuration with code is read as far as literals
    go, and the rest is unknown rather than an error. Bombs (deep nesting, huge arrays) are
    refused at their position.

    ## Example
        module.exports = {
          apps: [{ name: "api", script: "server.js", }
        };

    ## Use instead
        module.exports = {
          apps: [{ name: "api", script: "server.js" }],
        };
    """
    return engine_reported(model, ctx)
