from collections.abc import Iterator

from deploylint.context import Context
from deploylint.expressions import Call, Expr, Lit, Node, path_of
from deploylint.findings import Finding, Severity
from deploylint.models.workflow import Str, Workflow
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._levels import each_expression


@rule(
    id="GHA023",
    name="unsound-contains",
    title="contains() with a string matches substrings",
    kind=(Kind.WORKFLOW, Kind.ACTION),
    severity=Severity.WARNING,
    tags=("security", "correctness"),
    security_severity=6.0,
    aliases=("unsound-contains",),
)
@each_expression
def unsound_contains(wf: Workflow, s: Str, _e: Expr, nodes: tuple[Node, ...], ctx: Context) -> Iterator[Finding]:
    """## Why
    `contains('refs/heads/main refs/heads/release', github.ref)` looks like a membership test,
    but with a string as the first argument `contains` is a *substring* test: a branch called
    `main` or `heads/rel` also matches, so a guard meant for protected branches passes for
    branches anyone can push. Use an array: `contains(fromJSON('["refs/heads/main",
    "refs/heads/release"]'), github.ref)`, or compare with `==`.

    ## Example
        on: push
        jobs:
          deploy:
            if: contains('refs/heads/main refs/heads/prod', github.ref)
            runs-on: ubuntu-latest
            steps:
              - run: make deploy

    ## Use instead
        on: push
        jobs:
          deploy:
            if: contains(fromJSON('["refs/heads/main", "refs/heads/prod"]'), github.ref)
            runs-on: ubuntu-latest
            steps:
              - run: make deploy
    """
    for n in nodes:
        if isinstance(n, Call) and n.lname == "contains" and len(n.args) == 2:
            hay, needle = n.args
            if isinstance(hay, Lit) and hay.kind == "string" and path_of(needle) is not None:
                yield ctx.finding(
                    s.node_span(n), "'contains()' on a string literal is a substring test, not membership"
                )
