from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Applicability, Confidence, Edit, Finding, Fix, Severity
from deploylint.models.workflow import Job, Step, Workflow
from deploylint.models.workflow_uses import ActionRef
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._levels import each_job
from deploylint.truth import action_input_bool
from deploylint.yaml_edit import add_entry


@rule(
    id="GHA015",
    name="checkout-persist-credentials",
    title="actions/checkout leaves the token in .git/config",
    kind=(Kind.WORKFLOW, Kind.ACTION),
    severity=Severity.INFO,
    tags=("security", "hardening"),
    security_severity=3.0,
    aliases=("artipacked",),
    fixable=True,
)
@each_job
def checkout_persist_credentials(wf: Workflow, job: Job, ctx: Context) -> Iterator[Finding]:
    """## Why
    By default `actions/checkout` writes the job's token into `.git/config` so later steps can
    push. If the job then uploads the workspace as an artifact, the token goes with it; and every
    third-party action in the job can read it. Set `persist-credentials: false` unless a later
    step pushes with git.

    Reported in jobs that upload artifacts or use third-party actions after the checkout; in
    other jobs (only `run:` steps and `actions/*` or `github/*` actions follow, so the token
    stays in the job) at low confidence, as hardening advice. A checkout whose job later runs
    `git push` is reported only in the first case: the push needs the stored token. A computed
    `persist-credentials` (or a computed `with:`) counts as keeping the token.

    ## Example
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: make dist
              - uses: actions/upload-artifact@v4
                with:
                  path: .

    ## Use instead
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
                with:
                  persist-credentials: false
              - run: make dist
              - uses: actions/upload-artifact@v4
                with:
                  path: .

    ## Fix safety
    Unsafe: `persist-credentials: false` is added to the checkout's `with:` (as its first entry,
    block or flow style kept), or a `with:` block is added on the line after `uses:`; an explicit
    `persist-credentials: true` becomes `false`. A later step that pushes, tags or fetches with the
    job's token through git (`git push`, a release or auto-commit action relying on the stored
    credentials) stops working and needs the token passed explicitly.

    ## Differences from zizmor
    zizmor's `artipacked` reports every such checkout (at lower confidence when nothing is
    uploaded), an explicit `persist-credentials: true` only in its auditor persona; deploylint
    reports both alike, at low confidence where the token cannot leave the job, and not at all
    there when a later step pushes with git.
    """
    later: list[_Later] | None = None
    for i, step in enumerate(job.steps):
        u = step.uses
        if u is None or not u.is_("actions/checkout"):
            continue
        persist = step.input("persist-credentials")
        if persist is not None and action_input_bool(persist.value) is False:
            continue
        if later is None:
            later = _after_each(job)
        upload, third, push = later[i]
        if upload or third is not None:
            why = "an artifact is uploaded" if upload or third is None else f"third-party action '{third.slug}' runs"
            yield ctx.finding(
                u,
                f"'actions/checkout' keeps the token in .git/config and {why} later in the job",
                fix=_no_persist(step, wf),
            )
        elif not push:
            yield ctx.finding(
                u,
                "'actions/checkout' keeps the token in .git/config though no later step of the job "
                "pushes with git; set 'persist-credentials: false'",
                fix=_no_persist(step, wf),
                confidence=Confidence.LOW,
            )


#: what the steps after one step do: an upload, the first third-party action, a ``git push``
_Later = tuple[bool, ActionRef | None, bool]


def _after_each(job: Job) -> list[_Later]:
    """For each step of ``job``, what the steps after it do, in one pass from the end (looking
    at every later step for each checkout made a job of N checkouts cost N²)."""
    out: list[_Later] = [(False, None, False)] * len(job.steps)
    upload, third, push = False, None, False
    for i in range(len(job.steps) - 1, -1, -1):
        out[i] = (upload, third, push)
        step = job.steps[i]
        r = step.uses
        if r is not None:
            upload = upload or r.is_("actions/upload-artifact", "actions/upload-pages-artifact")
            if r.kind == "repo" and r.owner.lower() not in ("actions", "github"):
                third = r
        push = push or _git_push(step)
    return out


def _git_push(step: Step) -> bool:
    """A ``run:`` command ``git ... push`` (the stored credentials are what it pushes with)."""
    for cmd in step.commands("push"):
        words = [w.value for w in cmd.words]
        if words and words[0] == "git" and "push" in words[1:]:
            return True
    return False


def _no_persist(step: Step, wf: Workflow) -> Fix | None:
    persist = step.input("persist-credentials")
    if persist is not None:
        edit = Edit(persist.span, "false") if persist.style == "" and not persist.has_expr else None
    else:
        edit = add_entry(step.node, wf.source, "with", "persist-credentials: false", after="uses")
    if edit is None:
        return None
    return Fix("set 'persist-credentials: false'", (edit,), Applicability.UNSAFE)
