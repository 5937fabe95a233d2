from collections.abc import Iterator

from deploylint.context import Context
from deploylint.expressions import Call, Ctx, walk
from deploylint.findings import Finding, Severity
from deploylint.models.workflow import Job, Step, Str, Workflow
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._levels import each_condition


@rule(
    id="GHA022",
    name="unsound-condition",
    title="An if: condition is always true (or constant)",
    kind=(Kind.WORKFLOW, Kind.ACTION),
    severity=Severity.ERROR,
    tags=("correctness", "security"),
    security_severity=6.0,
    aliases=("unsound-condition", "if-cond"),
)
@each_condition
def unsound_condition(wf: Workflow, job: Job, step: Step | None, cond: Str, ctx: Context) -> Iterator[Finding]:
    """## Why
    An `if:` whose value has text around `${{ }}` (a block scalar `if: |` adds a newline; two
    expressions joined with `&&` outside the braces; a `!` before them) is not an expression:
    it is a non-empty string, so the condition is always true and the job or step runs when you
    meant to skip it. Write one expression: `if: ${{ a && b }}` or simply `if: a && b`. A
    condition with no context or status function at all (`if: true`) is also reported: it is
    constant.

    ## Example
        on: push
        jobs:
          deploy:
            if: |
              ${{ github.ref == 'refs/heads/main' }}
            runs-on: ubuntu-latest
            steps:
              - run: make deploy

    ## Use instead
        on: push
        jobs:
          deploy:
            if: github.ref == 'refs/heads/main'
            runs-on: ubuntu-latest
            steps:
              - run: make deploy
    """
    if not cond.exprs:
        return
    if "${{" in cond.value and not cond.is_single_expr:
        yield ctx.finding(
            cond.span,
            "this condition has text outside '${{ }}', so it is a non-empty string and always true",
        )
        return
    e = cond.exprs[0]
    if e.node is not None and not any(isinstance(n, (Ctx, Call)) for n in walk(e.node)):
        yield ctx.finding(
            cond.span, f"the condition '{e.text}' is constant; remove it or fix it", severity=Severity.WARNING
        )
