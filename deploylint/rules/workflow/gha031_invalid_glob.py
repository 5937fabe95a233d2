from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.workflow import Workflow
from deploylint.registry import Kind, rule

_REF_BAD = set(" ~^:")
_ESCAPABLE = set("[?+*\\!")


def glob_problem(pattern: str, is_path: bool) -> tuple[int, str] | None:
    """(offset, message) of the first problem in a filter glob, or None."""
    if pattern != pattern.strip():
        return 0, "leading or trailing spaces are not allowed"
    p = pattern
    start = 1 if p.startswith("!") else 0
    if start and len(p) == 1:
        return 0, "'!' must be followed by a pattern"
    if not is_path:
        if p[start:].startswith("/"):
            return start, "a ref name cannot start with '/'"
        if p.endswith(("/", ".")):
            return len(p) - 1, "a ref name cannot end with '/' or '.'"
    else:
        segs = p[start:].split("/")
        if any(s in (".", "..") for s in segs):
            return start, "'.' and '..' segments are not allowed in a path filter"
    i = start
    while i < len(p):
        c = p[i]
        if c == "\\":
            if i + 1 >= len(p) or p[i + 1] not in _ESCAPABLE:
                return i, "'\\' can only escape one of [ ? + * \\ !"
            i += 2
            continue
        if c == "[":
            j = p.find("]", i + 1)
            if j < 0:
                return i, "'[' is never closed by ']'"
            body = p[i + 1 : j]
            k = 0
            while k < len(body):
                if k + 2 < len(body) and body[k + 1] == "-":
                    if body[k] > body[k + 2]:
                        return i + 1 + k, f"range {body[k]}-{body[k + 2]} is reversed"
                    k += 3
                else:
                    k += 1
            i = j + 1
            continue
        if not is_path and c in _REF_BAD:
            return i, f"'{c}' cannot appear in a branch or tag name (these are globs, not regular expressions)"
        i += 1
    return None


@rule(
    id="GHA031",
    name="invalid-glob",
    title="A branch, tag or path filter is not a valid glob",
    kind=Kind.WORKFLOW,
    severity=Severity.ERROR,
    tags=("correctness",),
    aliases=("glob",),
)
def invalid_glob(wf: Workflow, ctx: Context) -> Iterator[Finding]:
    """## Why
    Trigger filters are globs, not regular expressions: `^v[0-9]+$` never matches a tag, an
    unclosed `[`, a reversed range or a space makes the filter match nothing, and path filters
    with `./` never match. The workflow silently never runs for the refs you meant.

    ## Example
        on:
          push:
            tags: ["^v[0-9]+"]
        jobs:
          release:
            runs-on: ubuntu-latest
            steps:
              - run: make release

    ## Use instead
        on:
          push:
            tags: ["v[0-9]*"]
        jobs:
          release:
            runs-on: ubuntu-latest
            steps:
              - run: make release
    """
    for t in wf.triggers:
        for f in t.filters:
            if f.name.value in ("types", "workflows"):
                continue
            is_path = f.name.value.startswith("paths")
            for item in f.items:
                if item.has_expr:
                    continue
                got = glob_problem(item.value, is_path)
                if got is not None:
                    off, msg = got
                    yield ctx.finding(item.span_of(off, off + 1), f"invalid filter '{item.value}': {msg}")
