from collections.abc import Iterator

from deploylint.context import Context
from deploylint.expressions import Call, Expr, Index, Node, Prop, path_of
from deploylint.findings import Finding, Severity
from deploylint.models.workflow import Str, Workflow
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._levels import each_expression


@rule(
    id="GHA025",
    name="unredacted-secrets",
    title="A field of a JSON secret escapes log masking",
    kind=(Kind.WORKFLOW, Kind.ACTION),
    severity=Severity.WARNING,
    tags=("security", "secrets"),
    security_severity=5.5,
    aliases=("unredacted-secrets",),
)
@each_expression
def unredacted_secrets(wf: Workflow, s: Str, _e: Expr, nodes: tuple[Node, ...], ctx: Context) -> Iterator[Finding]:
    """## Why
    GitHub masks a secret's whole value in logs. `fromJSON(secrets.CONFIG).password` extracts a
    part of it that is *not* registered for masking, so it is printed in clear wherever it
    appears. Store each value as its own secret.

    ## Example
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: ./login.sh
                env:
                  PASSWORD: ${{ fromJSON(secrets.CREDS).password }}

    ## Use instead
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: ./login.sh
                env:
                  PASSWORD: ${{ secrets.CREDS_PASSWORD }}
    """
    for n in nodes:
        if not isinstance(n, (Prop, Index)):
            continue
        base = n.base
        if isinstance(base, Call) and base.lname == "fromjson" and base.args:
            p = path_of(base.args[0])
            if p is not None and p[0] == "secrets":
                yield ctx.finding(s.node_span(n), "a field taken from a JSON secret is not masked in logs")
