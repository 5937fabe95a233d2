from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Applicability, Finding, Fix, Severity
from deploylint.models.dependabot import DependabotConfig, scalar
from deploylint.registry import Kind, rule
from deploylint.yaml_edit import replace_scalar


@rule(
    id="GHA064",
    name="dependabot-execution",
    title="Dependabot may run code from dependency manifests",
    kind=Kind.DEPENDABOT,
    severity=Severity.WARNING,
    tags=("security", "supply-chain", "dependabot"),
    aliases=("dependabot-execution",),
    security_severity=7.0,
    fixable=True,
)
def dependabot_execution(config: DependabotConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    `insecure-external-code-execution: allow` lets Dependabot run code from the manifests it
    updates (a `setup.py`, a Gemfile, a `mix.exs`) while it resolves versions. That code runs in
    the update job with the credentials of the private registries the entry uses, so a
    compromised package or a malicious change to a manifest can steal them. Dependabot denies it
    by default; leave the key out or set it to `deny`, and prefer an ecosystem setup that
    resolves without running code.

    ## Example
        version: 2
        updates:
          - package-ecosystem: pip
            directory: /
            schedule:
              interval: daily
            insecure-external-code-execution: allow

    ## Use instead
        version: 2
        updates:
          - package-ecosystem: pip
            directory: /
            schedule:
              interval: daily
            insecure-external-code-execution: deny

    ## Fix safety
    Unsafe: the fix writes `deny` in place of `allow`. An ecosystem that cannot resolve without
    running code (some private Bundler or pip setups) then fails its version updates until the
    setup changes.

    ## Differences from zizmor
    zizmor reports this at high severity; here it is a warning (an error is kept for files
    GitHub refuses), with a security severity of 7.0 in SARIF.

    ## References
    - https://docs.github.com/en/code-security/dependabot/working-with-dependabot/dependabot-options-reference#insecure-external-code-execution--
    """
    for update in config:
        pair = update.external_code
        value = scalar(pair.value) if pair is not None else None
        if pair is not None and value is not None and value.value == "allow":
            edit = replace_scalar(config.source, value, "allow", "deny")
            yield ctx.finding(
                pair.key,
                f"update {update.name} lets Dependabot run code from the manifests it updates",
                related=(ctx.location(update.head, note="this update"),),
                fix=Fix("set 'insecure-external-code-execution: deny'", (edit,), Applicability.UNSAFE)
                if edit
                else None,
            )
