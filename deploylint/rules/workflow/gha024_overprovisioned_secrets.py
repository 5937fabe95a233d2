from collections.abc import Iterator

from deploylint.context import Context
from deploylint.expressions import Call, Ctx, Expr, Index, Node
from deploylint.findings import Finding, Severity
from deploylint.models.workflow import Str, Workflow
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._levels import each_expression


@rule(
    id="GHA024",
    name="overprovisioned-secrets",
    title="Every secret is handed over at once",
    kind=(Kind.WORKFLOW, Kind.ACTION),
    severity=Severity.WARNING,
    tags=("security", "secrets"),
    security_severity=6.0,
    aliases=("overprovisioned-secrets",),
)
@each_expression
def overprovisioned_secrets(wf: Workflow, s: Str, _e: Expr, nodes: tuple[Node, ...], ctx: Context) -> Iterator[Finding]:
    """## Why
    `${{ toJSON(secrets) }}` serialises every secret the workflow can see, and `secrets[expr]`
    lets a computed name pick any of them. Either way the runner receives secrets the step does
    not need, and one leak exposes all of them. Name the secrets you pass.

    ## Example
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: ./configure.sh
                env:
                  ALL_SECRETS: ${{ toJSON(secrets) }}

    ## Use instead
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: ./configure.sh
                env:
                  API_KEY: ${{ secrets.API_KEY }}
    """
    for n in nodes:
        if isinstance(n, Call) and n.lname == "tojson" and n.args and isinstance(n.args[0], Ctx):
            if n.args[0].name.lower() == "secrets":
                yield ctx.finding(s.node_span(n), "'toJSON(secrets)' exposes every secret")
        elif isinstance(n, Index) and isinstance(n.base, Ctx) and n.base.name.lower() == "secrets":
            yield ctx.finding(s.node_span(n), "'secrets[...]' with a computed name can reach any secret")
