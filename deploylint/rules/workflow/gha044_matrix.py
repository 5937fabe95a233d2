from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.workflow import Job, Matrix, MatrixValue, Workflow
from deploylint.models.workflow_matrix import Shape
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._levels import each_job


@rule(
    id="GHA044",
    name="matrix",
    title="A matrix key has no values or repeats one, or exclude names what the matrix lacks",
    kind=Kind.WORKFLOW,
    severity=Severity.ERROR,
    tags=("correctness",),
    aliases=("matrix",),
)
@each_job
def matrix(wf: Workflow, job: Job, ctx: Context) -> Iterator[Finding]:
    """## Why
    GitHub refuses a matrix key with an empty list of values, and an `exclude` entry whose key
    the matrix does not have. An `exclude` value that none of the key's values matches removes
    nothing: usually a typo, or a value renamed in one place only (a warning). A value listed
    twice for one key runs the same job twice (a warning).

    `exclude` keys may be the matrix's own keys or keys that `include` adds. Values are compared
    as written: text for text, lists item by item, and a mapping matches a mapping value whose
    keys include all of its keys with matching values. Whatever an expression computes (the
    matrix, one key's values, `include`, a value) is not compared.

    ## Example
        on: push
        jobs:
          test:
            strategy:
              matrix:
                node: [18, 20, 22]
                os: [ubuntu-latest, windows-latest]
                exclude:
                  - node: 16
                    platform: windows-latest
            runs-on: ${{ matrix.os }}
            steps:
              - run: npm test

    ## Use instead
        on: push
        jobs:
          test:
            strategy:
              matrix:
                node: [18, 20, 22]
                os: [ubuntu-latest, windows-latest]
                exclude:
                  - node: 18
                    os: windows-latest
            runs-on: ${{ matrix.os }}
            steps:
              - run: npm test
    """
    m = job.strategy_matrix
    if m is None or m.dynamic:
        return
    for d in m.dimensions:
        if d.dynamic:
            continue
        if not d.values:
            yield ctx.finding(d.span, f"matrix key '{d.key.value}' has no values")
            continue
        seen: dict[Shape, MatrixValue] = {}
        for v in d.values:
            if v.dynamic:
                continue
            first = seen.setdefault(v.shape, v)
            if first is not v:
                yield ctx.finding(
                    v.span,
                    f"matrix key '{d.key.value}' lists this value twice (line {first.span.start_line})",
                    severity=Severity.WARNING,
                )
    yield from _excludes(ctx, m)


def _excludes(ctx: Context, m: Matrix) -> Iterator[Finding]:
    values: dict[str, list[MatrixValue]] = {}
    exact: dict[str, set[Shape]] = {}
    computed: set[str] = set()
    for d in m.dimensions:
        values[d.key.value] = list(d.values)
        if d.dynamic or any(v.dynamic for v in d.values):
            computed.add(d.key.value)
    for entry in m.include:
        for k, v in entry.pairs:
            values.setdefault(k.value, []).append(v)
            if v.dynamic:
                computed.add(k.value)
    for entry in m.exclude:
        for k, v in entry.pairs:
            known = values.get(k.value)
            if known is None:
                if not m.include_dynamic:
                    names = ", ".join(f"'{n}'" for n in values) or "none"
                    yield ctx.finding(k, f"exclude names '{k.value}', which the matrix does not have (keys: {names})")
                continue
            if v.dynamic or k.value in computed or m.include_dynamic:
                continue
            if k.value not in exact:
                exact[k.value] = {have.shape for have in known}
            if v.shape in exact[k.value]:
                continue
            # a scalar matches only its equal; lists and mappings are matched one by one
            if v.shape[0] == "s" or not any(_matches(v.shape, have.shape) for have in known):
                yield ctx.finding(
                    v.span,
                    f"this exclude value matches none of the values of matrix key '{k.value}': it removes nothing",
                    severity=Severity.WARNING,
                )


def _matches(want: Shape, have: Shape) -> bool:
    """An exclude value ``want`` matches the matrix value ``have``: text equal, lists item by item,
    a mapping when each of its keys is in ``have`` with a matching value."""
    if want[0] != have[0]:
        return False
    if want[0] == "l":
        a, b = want[1], have[1]
        assert isinstance(a, tuple) and isinstance(b, tuple)
        return len(a) == len(b) and all(_matches(x, y) for x, y in zip(a, b, strict=True))
    if want[0] == "m":
        a, b = want[1], have[1]
        assert isinstance(a, tuple) and isinstance(b, tuple)
        theirs = dict(b)
        return all(k in theirs and _matches(v, theirs[k]) for k, v in a)
    return want == have
