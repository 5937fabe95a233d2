from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.registry import Kind, rule
from deploylint.rules._engine_rules import engine_reported


@rule(
    id="GHA062",
    name="invalid-dependabot-config",
    title="The Dependabot configuration is not valid",
    kind=Kind.DEPENDABOT,
    severity=Severity.ERROR,
    tags=("syntax", "dependabot"),
)
def invalid_dependabot_config(model: object, ctx: Context) -> Iterator[Finding]:
    """## Why
    GitHub reads `.github/dependabot.yml` before every run and stops with a configuration error
    when the YAML does not parse or the file breaks the documented schema: no `version: 2`, an
    `updates` entry without `package-ecosystem`, `directory` (or `directories`) or
    `schedule.interval`, an interval or ecosystem it does not know, a value of the wrong type
    (a string where a list belongs, `open-pull-requests-limit: many`), or an unknown key such
    as a misspelt `open-pull-request-limit`. Until the file is fixed no version update runs,
    and nothing in the repository says so. Each problem is reported where it is written; an
    unknown key or value comes with the closest valid one.

    An update that joins a `multi-ecosystem-group` takes its schedule from the group, so it needs
    no `schedule` of its own, but it needs `patterns` and a group of that name under
    `multi-ecosystem-groups`. `reviewers`, which GitHub retired in 2025 in favour of CODEOWNERS,
    is reported as retired.

    ## Example
        version: 2
        updates:
          - package-ecosystem: pip
            directory: /
            schedule:
              interval: dayly

    ## Use instead
        version: 2
        updates:
          - package-ecosystem: pip
            directory: /
            schedule:
              interval: daily

    ## References
    - https://docs.github.com/en/code-security/dependabot/working-with-dependabot/dependabot-options-reference
    """
    return engine_reported(model, ctx)
