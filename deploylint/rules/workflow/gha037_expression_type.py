from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.workflow import Workflow
from deploylint.registry import Kind, rule


@rule(
    id="GHA037",
    name="expression-type",
    title="An expression uses a context, property or function that does not exist where it is, or mixes types",
    kind=(Kind.WORKFLOW, Kind.ACTION),
    severity=Severity.ERROR,
    tags=("correctness",),
    aliases=("expression",),
)
def expression_type(wf: Workflow, ctx: Context) -> Iterator[Finding]:
    """## Why
    A `${{ }}` that parses can still be wrong, and GitHub says so only when the run reaches it
    (or evaluates it to an empty string and goes on). deploylint types every expression against
    the contexts GitHub documents and against the workflow itself:

    - a context used where GitHub does not provide it (`env` in a job's `if`, `runner` in
      `runs-on`, `secrets` in a step's `if`), and `success()`/`always()`/`hashFiles()` outside
      the keys that allow them;
    - `steps.<id>` that no earlier step of the job has, `needs.<job>` for a job the job does not
      list in `needs`, outputs that job does not declare, `matrix.<key>` that the matrix (with
      its `include` rows) lacks, `inputs.<name>` that `workflow_dispatch`/`workflow_call` do not
      declare, secrets a reusable workflow does not declare, unknown properties of `github`,
      `runner`, `job` and `strategy`;
    - a property of a string (`github.repository.owner`), a string index into an array,
      comparisons that GitHub cannot make (`<` on booleans, an object `==` a string), objects,
      arrays and null expanded into text, broken JSON given to `fromJSON()`, and `format()`
      placeholders without an argument.

    A matrix or input computed by an expression is typed `any`: nothing about it is reported.

    ## Example
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            strategy:
              matrix:
                os: [linux, windows]
            steps:
              - id: version
                run: echo "v=1" >> "$GITHUB_OUTPUT"
              - run: echo "${{ steps.versoin.outputs.v }} on ${{ matrix.platform }}"

    ## Use instead
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            strategy:
              matrix:
                os: [linux, windows]
            steps:
              - id: version
                run: echo "v=1" >> "$GITHUB_OUTPUT"
              - run: echo "${{ steps.version.outputs.v }} on ${{ matrix.os }}"

    ## Differences from actionlint
    Step outputs are known for a short list of popular actions (`actions/cache`,
    `actions/checkout`, `actions/setup-*`, the artifact actions, `octokit/request-action`);
    any other action's outputs, local actions' included, are an open map. `github.event` is an
    open object (its payload depends on the event). Composite actions are typed but not checked
    for context availability (GitHub's table covers workflows). Untrusted input in inline
    scripts, which actionlint reports under the same kind, is GHA012's (template-injection).
    """
    from deploylint.expr_check import check
    from deploylint.models.workflow_scope import Typer

    located = wf.located()
    if not located:
        return
    typer = Typer(wf)
    seen: set[tuple[int, str]] = set()
    for path, s in located:
        scope = None
        for e in s.exprs:
            if e.node is None:
                continue
            if scope is None:
                scope = typer.scope(path, s)
            for node, message in check(e.node, scope, s.value):
                key = (s.offset(node.start), message)
                if key in seen:
                    continue
                seen.add(key)
                yield ctx.finding(s.node_span(node), message)
