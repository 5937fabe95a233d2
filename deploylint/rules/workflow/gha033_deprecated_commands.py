import re
from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Edit, Finding, Fix, Severity
from deploylint.models.workflow import Job, Step, Workflow
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._levels import each_step
from deploylint.shell.model import Command

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
    fixable=True,
)
@each_step
def deprecated_commands(wf: Workflow, job: Job, step: Step, ctx: Context) -> Iterator[Finding]:
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

    ## Fix safety
    Safe: `echo "::set-output name=x::v"` becomes `echo "x=v" >> "$GITHUB_OUTPUT"` (and
    `::save-state` writes to `$GITHUB_STATE`), the word's quoting kept. The step's output or
    state gets the same value. Only a plain `echo` whose first argument is the command is fixed:
    not one with options, redirections, in a pipeline or a command substitution, nor one whose
    text holds a `%` (the old commands decoded `%25`, `%0A`; the files do not). `::set-env` and
    `::add-path` are not fixed.
    """
    if step.run is None:
        return
    fixes: dict[int, Fix] | None = None
    for m in _CMD.finditer(step.run.value):
        name = m.group(1)
        if fixes is None:
            fixes = _fixes(step, wf)
        yield ctx.finding(
            step.run.span_of(m.start(), m.end()),
            f"'::{name}' is deprecated; write to {_REPLACEMENT[name]} instead",
            fix=fixes.get(step.run.offset(m.start())),
        )


def _fixes(step: Step, wf: Workflow) -> dict[int, Fix]:
    """The fix of each ``echo "::set-output name=x::v"`` command, by the source offset of its ``::``."""
    out: dict[int, Fix] = {}
    script = step.script("::set-output", "::save-state")
    for cmd in script.commands if script is not None else ():
        got = _to_file(cmd, wf)
        if got is not None:
            out[got[0]] = got[1]
    return out


def _to_file(cmd: Command, wf: Workflow) -> tuple[int, Fix] | None:
    if cmd.name is None or cmd.name.raw != "echo" or not cmd.args or cmd.redirects or cmd.assignments:
        return None
    if cmd.pipeline is not None or cmd.background or set(cmd.contexts) & {"cmdsubst", "backtick", "procsubst", "sh -c"}:
        return None
    src = wf.source
    first, last = cmd.args[0], cmd.args[-1]
    if any("%" in w.raw for w in cmd.args):
        return None
    if any(src.text[w.span.start_offset : w.span.end_offset] != w.raw for w in cmd.args):
        return None  # the YAML scalar's text is not the script's (escapes of a quoted scalar)
    quote = first.raw[:1] if first.raw[:1] in "\"'" else ""
    m = _CMD.match(first.raw[len(quote) :])
    if m is None or m.group(1) not in ("set-output", "save-state"):
        return None
    if first.raw == m.group(0) and len(cmd.args) > 1:  # unquoted: `echo ::set-output name=x::v`
        rest, at = cmd.args[1].raw, cmd.args[1].span.start_offset
    else:
        rest, at = (
            first.raw[len(quote) + len(m.group(0)) + 1 :],
            first.span.start_offset + len(quote) + len(m.group(0)) + 1,
        )
        if first.raw[len(quote) + len(m.group(0)) : len(quote) + len(m.group(0)) + 1] != " ":
            return None
    name, sep, _ = rest.removeprefix("name=").partition("::")
    if not rest.startswith("name=") or not sep or not name or not all(c.isalnum() or c in "-_" for c in name):
        return None
    start = first.span.start_offset + len(quote)
    end = at + len("name=") + len(name) + 2
    target = _REPLACEMENT[m.group(1)]
    edits = (
        Edit(src.span(start, end), f"{name}="),
        Edit(src.insertion(last.span.end_offset), f' >> "{target}"'),
    )
    return start, Fix(f"write to {target}", edits)
