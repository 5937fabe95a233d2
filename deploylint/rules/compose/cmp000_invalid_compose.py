from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.registry import Kind, rule
from deploylint.rules._engine_rules import engine_reported


@rule(
    id="CMP000",
    name="invalid-compose-file",
    title="Compose file cannot be read as the specification describes",
    kind=Kind.COMPOSE,
    severity=Severity.ERROR,
    tags=("syntax",),
    aliases=("invalid-yaml", "invalid-schema"),
)
def invalid_compose(model: object, ctx: Context) -> Iterator[Finding]:
    """## Why
    The file is not valid YAML, or it breaks the Compose Specification: a duplicate key, an
    unknown key (usually a typo such as `enviroment:`; the message suggests the nearest valid
    key), a value of the wrong shape (a list where a mapping is expected, `privileged: yes`), an
    `include:`/`extends:` file that cannot be read or lies outside the scanned folder, or an alias
    bomb. Docker Compose refuses such a file, or silently ignores the misspelt setting. The rest of
    the file is still checked where it could be recovered.

    ## Example
        services:
          web:
            image: nginx:1.27
            enviroment:
              - MODE=production

    ## Use instead
        services:
          web:
            image: nginx:1.27
            environment:
              - MODE=production

    ## Differences from dclint
    dclint validates against the JSON schema and reports only the first schema error; this rule
    reports every unknown key and wrong shape, each at its own position. Extension keys (`x-...`)
    are allowed wherever the specification allows them.
    """
    return engine_reported(model, ctx)
