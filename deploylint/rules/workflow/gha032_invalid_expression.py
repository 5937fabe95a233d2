from collections.abc import Iterator

from deploylint.context import Context
from deploylint.expressions import CONTEXTS, FUNCTIONS, Call, Ctx, Expr, Node
from deploylint.findings import Finding, Severity
from deploylint.models.workflow import Str, Workflow
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._levels import each_expression


@rule(
    id="GHA032",
    name="invalid-expression",
    title="A ${{ }} expression does not parse or names an unknown context or function",
    kind=(Kind.WORKFLOW, Kind.ACTION),
    severity=Severity.ERROR,
    tags=("correctness",),
    aliases=("expression",),
)
@each_expression
def invalid_expression(wf: Workflow, s: Str, e: Expr, nodes: tuple[Node, ...], ctx: Context) -> Iterator[Finding]:
    """## Why
    GitHub evaluates `${{ }}` when the job starts; a syntax error (double quotes instead of
    single, an unclosed parenthesis), an unknown context (`${{ git.sha }}`) or function
    (`startWith`), or a call with the wrong number of arguments fails the run, often only on the
    branch or event that reaches that line.

    ## Example
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - if: startWith(github.ref, 'refs/tags/')
                run: make release

    ## Use instead
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - if: startsWith(github.ref, 'refs/tags/')
                run: make release

    ## Differences from actionlint
    actionlint reports these and its type errors under one kind; deploylint splits them: GHA032
    is what the expression alone shows (syntax, context and function names, argument counts),
    GHA037 (expression-type) what needs the workflow around it (types, properties, where each
    context is available).
    """
    if e.node is None:
        at = e.error_at if e.error_at >= 0 else e.start
        yield ctx.finding(s.span_of(at, at + 1), f"invalid expression: {e.error}")
        return
    for n in nodes:
        if isinstance(n, Ctx) and n.name.lower() not in CONTEXTS:
            yield ctx.finding(s.node_span(n), f"unknown context '{n.name}'")
        elif isinstance(n, Call):
            arity = FUNCTIONS.get(n.lname)
            if arity is None:
                yield ctx.finding(s.node_span(n), f"unknown function '{n.name}()'")
            elif not arity[0] <= len(n.args) <= arity[1]:
                yield ctx.finding(
                    s.node_span(n), f"'{n.name}()' takes {arity[0]}-{arity[1]} arguments, not {len(n.args)}"
                )
