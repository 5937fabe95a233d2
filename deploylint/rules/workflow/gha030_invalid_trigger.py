from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.base import Located
from deploylint.models.workflow import Input, Trigger, Workflow
from deploylint.models.workflow_triggers import ACTIVITY_TYPES, EVENTS
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._cron import check_cron
from deploylint.suggest import closest

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
            yield (f.name, f"'{a}' and '{a}-ignore' cannot both filter the {t.event} event; negate with '!'")
    allowed = _REF_FILTERS.get(t.event, {"types"})
    for f in t.filters:
        if f.name.value not in allowed and f.name.value != "types":
            yield (f.name, f"'{f.name.value}' is not a filter of the {t.event} event")


def _input_problems(inp: Input, event: str) -> Iterator[tuple[str, Severity | None]]:
    name = inp.name.value
    d = inp.default
    if inp.type == "choice":
        if not inp.options:
            yield f"input '{name}' is a choice but has no 'options'", None
        elif d is not None and not d.has_expr and d.value not in [o.value for o in inp.options]:
            yield f"the default {d.value!r} of input '{name}' is not one of its options", None
    elif d is not None and not d.has_expr:
        if inp.type == "boolean" and d.value not in ("true", "false"):
            yield f"the default {d.value!r} of boolean input '{name}' must be true or false", None
        elif inp.type == "number":
            try:
                float(d.value)
            except ValueError:
                yield f"the default {d.value!r} of number input '{name}' is not a number", None
    if inp.required and d is not None and (d.value == "" or event == "workflow_call"):
        # a caller must pass a required input, so its default is never read (a manual run's form
        # does show the default of a required workflow_dispatch input, so that one is fine)
        what = "empty default" if d.value == "" else f"default {d.value!r}"
        # harmless to GitHub, misleading to a reader: advice, not an error
        yield f"input '{name}' is required, so its {what} is never used", Severity.INFO


#: GitHub's limit on the inputs of a manual run
MAX_DISPATCH_INPUTS = 25


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
    `branches-ignore` on one event, an activity type (`types:`) the event does not have
    (`synchronise` for `pull_request`), or a `cron` that is not five valid fields. Schedules more
    frequent than every five minutes are not run that often. The workflow then silently never
    runs when you expect. `workflow_dispatch`/`workflow_call` inputs are checked too: a `choice`
    without options, a default that does not fit the input's type or options, and more than 25
    inputs on a manual run. A `required` input of `workflow_call` with a `default` is reported as
    info: the caller must pass it, so the default is never used.

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

    ## Differences from actionlint
    Activity types are checked for the events GitHub lists them for (`repository_dispatch`
    takes any name). Input types, `workflow_call` secret and output definitions and schedule
    time zones are GHA000's (GitHub refuses the file). A wrong type reached through a YAML alias
    is reported where the anchor's value is written.
    """
    for t in wf.triggers:
        if t.event not in EVENTS:
            close = closest(t.event.lower().replace("-", "_"), EVENTS)
            hint = f"; did you mean '{close}'?" if close else ""
            yield ctx.finding(t.name, f"unknown event '{t.event}'{hint}")
            continue
        for at, msg in _filters(t):
            yield ctx.finding(at, msg)
        known = ACTIVITY_TYPES.get(t.event, frozenset())
        for ty in t.types if known else ():
            if not ty.has_expr and ty.value not in known:
                close = closest(ty.value, known)
                hint = f"; did you mean '{close}'?" if close else ""
                yield ctx.finding(ty, f"'{ty.value}' is not an activity type of the {t.event} event{hint}")
        for inp in t.inputs:
            for msg, severity in _input_problems(inp, t.event):
                yield ctx.finding(inp.name, msg, severity=severity)
        if t.event == "workflow_dispatch" and len(t.inputs) > MAX_DISPATCH_INPUTS:
            msg = f"workflow_dispatch takes at most {MAX_DISPATCH_INPUTS} inputs; {len(t.inputs)} are declared"
            yield ctx.finding(t.name, msg)
        for cron in t.crons:
            if cron.has_expr:
                continue
            problem = check_cron(cron.value)
            if problem is not None:
                yield ctx.finding(cron, f"invalid cron '{cron.value}': {problem}")
