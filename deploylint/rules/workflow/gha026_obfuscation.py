from collections.abc import Iterator

from deploylint.context import Context
from deploylint.expressions import Call, Index, Lit
from deploylint.findings import Confidence, Finding, Severity
from deploylint.models.workflow import ActionRef, Workflow
from deploylint.registry import Kind, rule


def _odd_path(ref: ActionRef) -> bool:
    segs = ref.path.split("/") if ref.path else []
    return "//" in ref.raw.value.split("@")[0] or any(s in (".", "..") for s in segs) or ref.path.endswith("/")


@rule(
    id="GHA026",
    name="obfuscation",
    title="A uses: path or expression is written in a needlessly obscure way",
    kind=(Kind.WORKFLOW, Kind.ACTION),
    severity=Severity.INFO,
    tags=("security", "hardening"),
    security_severity=3.0,
    aliases=("obfuscation",),
)
def obfuscation(wf: Workflow, ctx: Context) -> Iterator[Finding]:
    """## Why
    `uses: actions/checkout/../../evil/repo@v4`, empty path segments, or expressions that compute
    a constant (`format('{0}', 'x')`, `fromJSON(toJSON(x))`) hide what a workflow really does from
    reviewers and from tools. Write the plain form.

    ## Example
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/cache/save/../restore@v4

    ## Use instead
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/cache/restore@v4

    At low confidence: a computed index (`inputs[inputs.name]`: which value is read is decided
    at run time, so a reviewer cannot tell what flows where) and a step's whole `with:` given by
    one expression (`with: ${{ fromJSON(steps.x.outputs.options) }}`: the action's inputs, a
    checkout's `persist-credentials` among them, cannot be reviewed).

    ## Differences from zizmor
    zizmor reports computed indices only in its pedantic persona; deploylint in every persona,
    as information.
    """
    for job in wf.jobs:
        refs = [job.uses] + [s.uses for s in job.steps]
        for ref in refs:
            if ref is not None and ref.kind == "repo" and _odd_path(ref):
                yield ctx.finding(ref, f"'{ref.raw.value}' has an empty, '.' or '..' path segment")
    for path, s in wf.located():
        if path[-1:] == ("with",) and len(path) >= 2 and isinstance(path[-2], int) and s.is_single_expr:
            yield ctx.finding(
                s,
                "the step's whole 'with:' is computed by an expression, so its inputs cannot be reviewed",
                confidence=Confidence.LOW,
            )
    for s, _e, nodes in wf.expression_nodes():
        for n in nodes:
            if isinstance(n, Index) and not isinstance(n.index, Lit):
                yield ctx.finding(
                    s.node_span(n),
                    f"'{s.value[n.start : n.end]}' reads a computed index: what it reads is decided at run time",
                    confidence=Confidence.LOW,
                )
                continue
            if not isinstance(n, Call):
                continue
            if n.lname == "fromjson" and n.args and isinstance(n.args[0], Call) and n.args[0].lname == "tojson":
                yield ctx.finding(s.node_span(n), "'fromJSON(toJSON(x))' is just 'x'")
            elif n.lname == "format" and n.args and all(isinstance(a, Lit) for a in n.args):
                yield ctx.finding(s.node_span(n), "'format()' of literals is a constant; write the string")
