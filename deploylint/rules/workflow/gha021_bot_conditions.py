from collections.abc import Iterator

from deploylint.context import Context
from deploylint.expressions import Binary, Lit, path_of, walk
from deploylint.findings import Finding, Severity
from deploylint.models.workflow import Job, Step, Str, Workflow
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._levels import each_condition

_ACTOR = {("github", "actor"), ("github", "actor_id"), ("github", "triggering_actor")}


def _bot_checks(cond: Str) -> Iterator[Binary]:
    for e in cond.exprs:
        if e.node is None:
            continue
        for n in walk(e.node):
            if not isinstance(n, Binary) or n.op != "==":
                continue
            sides = (n.left, n.right)
            paths = [path_of(s) for s in sides]
            lits = [s for s in sides if isinstance(s, Lit)]
            if not any(p in _ACTOR for p in paths) or not lits:
                continue
            val = lits[0].value
            if (isinstance(val, str) and val.lower().endswith("[bot]")) or isinstance(val, float):
                yield n


@rule(
    id="GHA021",
    name="bot-conditions",
    title="A condition trusts the actor name of a bot",
    kind=Kind.WORKFLOW,
    severity=Severity.WARNING,
    tags=("security",),
    security_severity=7.0,
    aliases=("bot-conditions",),
)
@each_condition
def bot_conditions(wf: Workflow, job: Job, step: Step | None, cond: Str, ctx: Context) -> Iterator[Finding]:
    """## Why
    `github.actor` is whoever caused the *latest* event, not who wrote the code: an attacker can
    make Dependabot update their pull request, or trigger a re-run, so that
    `github.actor == 'dependabot[bot]'` is true for their code. Check the pull request's author
    (`github.event.pull_request.user.login`) instead, which the actor cannot change.

    ## Example
        on: pull_request_target
        jobs:
          automerge:
            if: github.actor == 'dependabot[bot]'
            runs-on: ubuntu-latest
            steps:
              - run: gh pr merge --auto "$PR"

    ## Use instead
        on: pull_request_target
        jobs:
          automerge:
            if: github.event.pull_request.user.login == 'dependabot[bot]'
            runs-on: ubuntu-latest
            steps:
              - run: gh pr merge --auto "$PR"
    """
    if not wf.events & {"pull_request_target", "workflow_run", "issue_comment", "pull_request_review", "pull_request"}:
        return
    for n in _bot_checks(cond):
        yield ctx.finding(cond.node_span(n), "'github.actor' can be a bot while the code comes from someone else")
