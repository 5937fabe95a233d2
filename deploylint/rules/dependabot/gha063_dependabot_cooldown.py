from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dependabot import DependabotConfig
from deploylint.records import record
from deploylint.registry import Kind, rule


@record(slots=False)
class Options:
    #: the fewest days a new release should wait before Dependabot proposes it
    days: int = 7


@rule(
    id="GHA063",
    name="dependabot-cooldown",
    title="Dependabot proposes new releases without a cooldown",
    kind=Kind.DEPENDABOT,
    severity=Severity.INFO,
    tags=("supply-chain", "dependabot"),
    aliases=("dependabot-cooldown",),
    options=Options,
)
def dependabot_cooldown(config: DependabotConfig, ctx: Context[Options]) -> Iterator[Finding]:
    """## Why
    Without a cooldown Dependabot considers a new release the moment it is published. A
    compromised release is usually found and pulled within days. An update entry without a
    `cooldown`, or with a `cooldown.default-days` below the threshold (7 days by default), lets
    Dependabot open a pull request for a release hours after it is published, so a hijacked
    package reaches your branch (and any automerge) before anyone has noticed it. Waiting also
    skips the broken releases that are followed by a quick fix. Security updates are not
    delayed by a cooldown.

    Reported on the update entry when it has no `cooldown`, on `cooldown` when it sets no
    `default-days`, and on `default-days` when it is too short.

    ## Example
        version: 2
        updates:
          - package-ecosystem: npm
            directory: /
            schedule:
              interval: weekly

    ## Use instead
        version: 2
        updates:
          - package-ecosystem: npm
            directory: /
            schedule:
              interval: weekly
            cooldown:
              default-days: 7

    ## Options
    `days`: the shortest `default-days` accepted (default 7).

    ## Differences from zizmor
    zizmor reports this as a warning; here it is information, since a cooldown is a policy choice
    (a team that reviews every Dependabot pull request by hand may not want one) rather than a
    mistake in the file. zizmor stops at the first update entry whose cooldown is long enough;
    every entry is checked here.

    ## References
    - https://docs.github.com/en/code-security/dependabot/working-with-dependabot/dependabot-options-reference#cooldown-
    """
    days = ctx.options.days
    for update in config:
        if update.cooldown is None:
            yield ctx.finding(update.head, f"update {update.name} has no cooldown: new releases are proposed at once")
        elif update.default_days is None:
            yield ctx.finding(
                update.cooldown.key, f"cooldown of update {update.name} sets no 'default-days' (at least {days})"
            )
        else:
            value = update.default_days_value()
            if value is not None and value < days:
                yield ctx.finding(
                    update.default_days.key,
                    f"cooldown of update {update.name} is {value} day{'s' if value != 1 else ''}, shorter than {days}",
                )
