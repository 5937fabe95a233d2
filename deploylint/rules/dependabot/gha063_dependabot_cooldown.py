from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Applicability, Edit, Finding, Fix, Severity
from deploylint.models.dependabot import DependabotConfig, Update, scalar
from deploylint.records import record
from deploylint.registry import Kind, rule
from deploylint.source import SourceFile
from deploylint.yaml_edit import add_entry, indent_unit, is_flow, lines_after, plain_map, replace_scalar


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
    fixable=True,
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

    An entry with `open-pull-requests-limit: 0` opens no version updates (only security updates,
    which a cooldown does not delay), so it is not reported. Reported on the update entry when it
    has no `cooldown`, on `cooldown` when it sets no
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

    ## Fix safety
    Safe: the fix adds `cooldown:` with `default-days: <days>` at the end of the update entry,
    adds `default-days` to a `cooldown` that lacks it, or raises a too short `default-days` to
    the threshold. It only delays version updates; security updates are not affected. An entry
    written in flow style, or with anchors and merge keys, gets no fix.

    ## Differences from zizmor
    zizmor reports this as a warning; here it is information, since a cooldown is a policy choice
    (a team that reviews every Dependabot pull request by hand may not want one) rather than a
    mistake in the file. zizmor stops at the first update entry whose cooldown is long enough;
    every entry is checked here. zizmor also reports entries with `open-pull-requests-limit: 0`.

    ## References
    - https://docs.github.com/en/code-security/dependabot/working-with-dependabot/dependabot-options-reference#cooldown-
    """
    days = ctx.options.days
    src = config.source
    for update in config:
        if update.version_updates_off:
            continue  # a cooldown delays version updates only, and this entry opens none
        if update.cooldown is None:
            yield ctx.finding(
                update.head,
                f"update {update.name} has no cooldown: new releases are proposed at once",
                fix=_fix(f"add 'cooldown: default-days: {days}'", _add_cooldown(src, update, days)),
            )
        elif update.default_days is None:
            edit = add_entry(update.node, src, "cooldown", f"default-days: {days}")
            yield ctx.finding(
                update.cooldown.key,
                f"cooldown of update {update.name} sets no 'default-days' (at least {days})",
                fix=_fix(f"add 'default-days: {days}'", edit),
            )
        else:
            value = update.default_days_value()
            if value is not None and value < days:
                old = scalar(update.default_days.value)
                edit = replace_scalar(src, old, old.value, str(days)) if old is not None else None
                plural = "s" if value != 1 else ""
                yield ctx.finding(
                    update.default_days.key,
                    f"cooldown of update {update.name} is {value} day{plural}, shorter than {days}",
                    fix=_fix(f"raise 'default-days' to {days}", edit),
                )


def _fix(title: str, edit: Edit | None) -> Fix | None:
    return Fix(title, (edit,), Applicability.SAFE) if edit is not None else None


def _add_cooldown(src: SourceFile, update: Update, days: int) -> Edit | None:
    """A ``cooldown:`` block after the last line of a block-style update entry whose keys all start
    at one column (the first one after the ``- `` of the list item)."""
    node = plain_map(update.node)
    if node is None or not node.pairs or is_flow(node, src):
        return None
    col = node.pairs[0].key.span.start_col
    for i, p in enumerate(node.pairs):
        line = p.key.span.start_line
        head = src.text[src.line_start(line) : p.key.span.start_offset]
        if p.key.span.start_col != col or head.strip() not in (("", "-") if i == 0 else ("",)):
            return None
    indent = " " * (col - 1)
    unit = indent_unit(node, src)
    return lines_after(src, node, [f"{indent}cooldown:", f"{indent}{unit}default-days: {days}"])
