import re
from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.workflow import Workflow
from deploylint.registry import Kind, rule

_CMD = re.compile(r"::(set-output|save-state|set-env|add-path)\b")
_REPLACEMENT = {
    "set-output": "$GITHUB_OUTPUT",
    "save-state": "$GITHUB_STATE",
    "set-env": "$GITHUB_ENV",
    "add-path": "$GITHUB_PATH",
}


@rule(
    id="GHA033",
    name="deprecated-commands",
    title="A run: script uses a deprecated workflow command",
    kind=(Kind.WORKFLOW, Kind.ACTION),
    severity=Severity.WARNING,
    tags=("correctness", "deprecated"),
    aliases=("deprecated-commands",),
)
def deprecated_commands(wf: Workflow, ctx: Context) -> Iterator[Finding]:
    """## Why
    `::set-output` and `::save-state` are deprecated and being removed; `::set-env` and
    `::add-path` are disabled because any printed text could use them. Write to the files GitHub
    provides instead: `echo "name=value" >> "$GITHUB_OUTPUT"` (and `$GITHUB_STATE`,
    `$GITHUB_ENV`, `$GITHUB_PATH`).

    ## Example
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - id: v
                run: echo "::set-output name=version::1.2.3"

    ## Use instead
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - id: v
                run: echo "version=1.2.3" >> "$GITHUB_OUTPUT"
    """
    for _job, step in wf.steps():
        if step.run is None:
            continue
        for m in _CMD.finditer(step.run.value):
            name = m.group(1)
            yield ctx.finding(
                step.run.span_of(m.start(), m.end()),
                f"'::{name}' is deprecated; write to {_REPLACEMENT[name]} instead",
            )
