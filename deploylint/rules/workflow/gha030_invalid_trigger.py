import difflib
from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.base import Located
from deploylint.models.workflow import Trigger, Workflow
from deploylint.parsers.workflow import EVENTS
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._cron import check_cron

_REF_FILTERS = {"push": {"branches", "branches-ignore", "tags", "tags-ignore", "paths", "paths-ignore"}}
for _ev in ("pull_request", "pull_request_target"):
    _REF_FILTERS[_ev] = {"branches", "branches-ignore", "paths", "paths-ignore", "types"}
_REF_FILTERS["workflow_run"] = {"branches", "branches-ignore", "types", "workflows"}
_REF_FILTERS["merge_group"] = {"branches", "branches-ignore", "types"}


def _filters(t: Trigger) -> Iterator[tuple[Located[str], str]]:
    names = {f.name.value for f in t.filters}
    for a in ("branches", "tags", "paths"):
        if a in names and f"{a}-ignore" in names:
            f = t.filter(f"{a}-ignore")
            assert f is not None
            yield (f.name, f"`{a}` and `{a}-ignore` cannot both filter the {t.event} event; negate with `!`.")
    allowed = _REF_FILTERS.get(t.event, {"types"})
    for f in t.filters:
        if f.name.value not in allowed and f.name.value != "types":
            yield (f.name, f"`{f.name.value}` is not a filter of the {t.event} event.")


@rule(
    id="GHA030",
    name="invalid-trigger",
    title="An on: event, filter or cron schedule is invalid",
    kind=Kind.WORKFLOW,
    severity=Severity.ERROR,
    tags=("correctness",),
    aliases=("events",),
)
def invalid_trigger(wf: Workflow, ctx: Context) -> Iterator[Finding]:
    """## Why
    GitHub ignores or rejects triggers it does not know: a misspelt event (`pull-request`), a
    filter the event does not support (`tags` on `pull_request`), both `branches` and
    `branches-ignore` on one event, or a `cron` that is not five valid fields. Schedules more
    frequent than every five minutes are not run that often. The workflow then silently never
    runs when you expect.

    ## Example
        on:
          schedule:
            - cron: "0 25 * * *"
        jobs:
          nightly:
            runs-on: ubuntu-latest
            steps:
              - run: make

    ## Use instead
        on:
          schedule:
            - cron: "0 3 * * *"
        jobs:
          nightly:
            runs-on: ubuntu-latest
            steps:
              - run: make
    """
    for t in wf.triggers:
        if t.event not in EVENTS:
            close = difflib.get_close_matches(t.event.lower().replace("-", "_"), sorted(EVENTS), n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            yield ctx.finding(t.name, f"Unknown event '{t.event}'{hint}")
            continue
        for at, msg in _filters(t):
            yield ctx.finding(at, msg)
        for cron in t.crons:
            if cron.has_expr:
                continue
            problem = check_cron(cron.value)
            if problem is not None:
                yield ctx.finding(cron, f"Invalid cron `{cron.value}`: {problem}.")
