from collections.abc import Iterator

from deploylint.context import Context
from deploylint.expressions import UNKNOWN, Binary, Call, Expr, Index, Node, Prop, Star, Unary, constant_value, truthy
from deploylint.findings import Finding, Severity
from deploylint.models.workflow import Str, Workflow
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._levels import each_expression


def _constant(node: Node) -> bool:
    return constant_value(node) is not UNKNOWN


def _or_operands(node: Node) -> list[Node]:
    """The operands of a chain of ``||`` (a constant part is one operand)."""
    if isinstance(node, Binary) and node.op == "||" and not _constant(node):
        return _or_operands(node.left) + _or_operands(node.right)
    return [node]


def falsy_true_values(node: Node) -> Iterator[Node]:
    """The true values of ``cond && value || fallback`` forms in ``node`` that are always falsy."""
    if _constant(node):
        return
    if isinstance(node, Binary) and node.op == "||":
        operands = _or_operands(node)
        for op in operands[:-1]:
            if isinstance(op, Binary) and op.op == "&&":
                value = constant_value(op.right)
                if value is not UNKNOWN and not truthy(value):
                    yield op.right
        for op in operands:
            yield from falsy_true_values(op)
    elif isinstance(node, Binary):
        yield from falsy_true_values(node.left)
        yield from falsy_true_values(node.right)
    elif isinstance(node, Call):
        for arg in node.args:
            yield from falsy_true_values(arg)
    elif isinstance(node, Unary):
        yield from falsy_true_values(node.operand)
    elif isinstance(node, Index):
        yield from falsy_true_values(node.base)
        yield from falsy_true_values(node.index)
    elif isinstance(node, (Prop, Star)):
        yield from falsy_true_values(node.base)


@rule(
    id="GHA053",
    name="unsound-ternary",
    title="A cond && value || fallback whose value is falsy always gives the fallback",
    kind=(Kind.WORKFLOW, Kind.ACTION),
    severity=Severity.WARNING,
    tags=("correctness",),
    aliases=("unsound-ternary",),
)
@each_expression
def unsound_ternary(wf: Workflow, s: Str, e: Expr, _nodes: tuple[Node, ...], ctx: Context) -> Iterator[Finding]:
    """## Why
    Expressions have no `?:`, so `cond && value || fallback` stands in for one. It works only
    while `value` is truthy: `a && b` gives `b`, and when `b` is `''`, `0`, `false` or `null`
    the `||` goes on to `fallback`, whatever `cond` was. `${{ inputs.dry && '' || '--push' }}`
    always gives `--push`. Use `case(cond, value, fallback)`, or turn the test round so the
    value in the middle is truthy (`!inputs.dry && '--push' || ''`). A value is reported when
    it is always falsy: a literal, or pure functions of literals (`format('{0}', '')`,
    `fromJSON('false')`); a whole expression whose result never depends on the workflow is
    left alone.

    ## Example
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: docker build . ${{ github.ref == 'refs/heads/main' && '' || '--no-cache' }}

    ## Use instead
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: docker build . ${{ case(github.ref == 'refs/heads/main', '', '--no-cache') }}
    """
    if e.node is None:
        return
    for value in falsy_true_values(e.node):
        text = s.value[value.start : value.end]
        yield ctx.finding(
            s.node_span(value),
            f"the true value {text} is falsy, so this '&& ... ||' always gives its fallback; "
            f"use 'case(condition, {text}, fallback)'",
        )
