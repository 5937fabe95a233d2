from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Confidence, Finding, Severity
from deploylint.models.workflow import Job, Step, Str, Workflow
from deploylint.registry import Kind, rule
from deploylint.source import Span

_HEAD = (
    ("github", "event", "pull_request", "head"),
    ("github", "head_ref"),
    ("github", "event", "workflow_run", "head_sha"),
    ("github", "event", "workflow_run", "head_branch"),
    ("github", "event", "workflow_run", "head_repository"),
    ("github", "event", "workflow_run", "head_commit"),
    ("github", "event", "number"),
    ("github", "event", "pull_request", "number"),
    ("github", "event", "pull_request", "merge_commit_sha"),
    ("github", "event", "issue", "number"),
)


def _head_ref(s: Str | None) -> Span | None:
    if s is None:
        return None
    for p, n, _e in s.refs():
        if any(p[: len(h)] == h for h in _HEAD):
            return s.node_span(n)
    if "refs/pull/" in s.value:
        return s.span
    return None


def _checks_out_head(step: Step) -> Span | None:
    u = step.uses
    if u is not None and u.is_("actions/checkout"):
        return _head_ref(step.input("ref")) or _head_ref(step.input("repository"))
    if u is not None and u.is_("actions/download-artifact", "dawidd6/action-download-artifact"):
        run_id = step.input("run-id") or step.input("run_id")
        if run_id is not None and any(
            p[:4] == ("github", "event", "workflow_run", "id") for p, _n, _e in run_id.refs()
        ):
            return run_id.span
    for cmd in step.commands("gh", "git"):
        args = list(cmd.arg_values)
        if cmd.command_name == "gh" and args[:2] == ["pr", "checkout"]:
            return cmd.words_span
        if cmd.command_name == "git" and args[:1] in (["fetch"], ["checkout"], ["pull"], ["switch"]):
            if any("pull/" in a or "head_ref" in a or "pull_request.head" in a for a in args):
                return cmd.words_span
    return None


@rule(
    id="GHA011",
    name="untrusted-checkout",
    title="A privileged trigger checks out or runs pull request code",
    kind=Kind.WORKFLOW,
    severity=Severity.ERROR,
    tags=("security",),
    security_severity=9.0,
    aliases=("dangerous-triggers",),
)
def untrusted_checkout(wf: Workflow, ctx: Context) -> Iterator[Finding]:
    """## Why
    `pull_request_target` and `workflow_run` run with the base repository's secrets and a token
    that can write, even for pull requests from forks. Checking out the pull request's head
    (`ref: ${{ github.event.pull_request.head.sha }}`, `gh pr checkout`, `refs/pull/N/merge`) or
    downloading its artifacts, and then building or running it, hands those secrets to anyone who
    opens a pull request ("pwn request"). Use `pull_request` for untrusted code, or split the
    work: build in `pull_request`, then act on the results in a separate, privileged workflow
    that never executes them.

    ## Example
        on: pull_request_target
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
                with:
                  ref: ${{ github.event.pull_request.head.sha }}
              - run: npm ci && npm test

    ## Use instead
        on: pull_request
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: npm ci && npm test

    A workflow with such a trigger whose steps fetch no pull request code is reported once, at
    the trigger, at low confidence and as `info`: nothing is wrong yet, but a later edit that
    checks out the head turns it into the above. Not reported when every job only runs
    actions made for these triggers (`actions/labeler`, `actions/first-interaction`).

    ## Differences from zizmor
    zizmor's `dangerous-triggers` reports every use of these triggers at high severity;
    deploylint reports an error only where the pull request's code or artifacts are fetched,
    and the trigger alone as information.
    """
    triggers = list(wf.dangerous_triggers)
    if not triggers:
        return
    names = " / ".join(t.event for t in triggers)
    fetched = False
    for job in wf.jobs:
        for step in job.steps:
            at = _checks_out_head(step)
            if at is not None:
                fetched = True
                yield ctx.finding(
                    at,
                    f"job '{job.id.value}' fetches pull request code under {names}, which runs with the "
                    "repository's secrets and a write token",
                    related=(ctx.location(triggers[0], note="privileged trigger"),),
                )
    if not fetched and not all(_made_for_it(job) for job in wf.jobs):
        yield ctx.finding(
            triggers[0].name,
            f"'{triggers[0].event}' runs with the repository's secrets and a write token; no step "
            "fetches pull request code, keep it so or use a trigger without them",
            confidence=Confidence.LOW,
            severity=Severity.INFO,
        )


#: actions written to run under pull_request_target on the base repository's code
_MADE_FOR_PRT = ("actions/labeler", "actions/first-interaction")


def _made_for_it(job: Job) -> bool:
    return (
        job.uses is None
        and bool(job.steps)
        and all(s.uses is not None and s.uses.is_(*_MADE_FOR_PRT) for s in job.steps)
    )
