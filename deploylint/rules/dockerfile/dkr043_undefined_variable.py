import re
from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.base import Located
from deploylint.models.dockerfile import Arg, Dockerfile, Env, Instruction, Label
from deploylint.registry import Kind, rule
from deploylint.source import Span
from deploylint.suggest import closest

_REF = re.compile(r"(?<!\\)\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))")
_EXPANDED = frozenset({"ADD", "COPY", "EXPOSE", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR"})
_ALWAYS = frozenset({"PATH", "HOME", "HOSTNAME", "TERM", "PWD", "USER", "SHELL", "LANG"})


@rule(
    id="DKR043",
    name="undefined-variable",
    title="Variable used but never defined",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("reliability",),
    aliases=("UndefinedVar",),
)
def undefined_variable(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    BuildKit expands `$NAME` in COPY, ADD, ENV, LABEL, WORKDIR, USER, EXPOSE, VOLUME and
    STOPSIGNAL itself; an undefined name becomes an empty string and the instruction quietly
    does something else. Two cases are certain and fire: a global `ARG` (declared before the
    first `FROM`) used inside a stage without being declared again there, and a name that is a
    near miss of a defined one (`$APP_HOEM` for `$APP_HOME`). Other names may come from the base
    image's environment, which is not known when linting, unless the stage is built `FROM
    scratch`. `${NAME:-default}` forms and shell-form RUN/CMD/ENTRYPOINT (expanded by the
    shell) are not checked.

    ## Example
        ARG VERSION=1.0
        FROM alpine:3.20
        LABEL version=$VERSION

    ## Use instead
        ARG VERSION=1.0
        FROM alpine:3.20
        ARG VERSION
        LABEL version=$VERSION
    """
    global_args = {p.name for a in df.global_args for p in a.pairs}
    for stage in df.stages:
        defined: set[str] = set()
        for st in reversed(stage.chain[1:]):
            defined.update(p.name for i in st.instructions if isinstance(i, (Arg, Env)) for p in i.pairs)
        scratch = stage.root_base.is_scratch
        for ins in stage.instructions:
            for loc in _units(ins):
                for m in _REF.finditer(loc.value):
                    name = m.group(1) or m.group(2)
                    hint = _problem(name, defined, global_args, scratch)
                    if hint is not None:
                        yield ctx.finding(_at(loc, m.start(), m.end()), f"${name} is not defined here{hint}")
            if isinstance(ins, (Arg, Env)):
                defined.update(p.name for p in ins.pairs)


def _units(ins: Instruction) -> Iterator[Located[str]]:
    if ins.name in _EXPANDED:
        yield from ins.args
    elif isinstance(ins, (Env, Label)):
        for p in ins.pairs:
            if p.value is not None and p.raw_value is not None and "'" not in p.raw_value:
                yield Located(p.raw_value, p.value.span)


def _problem(name: str, defined: set[str], global_args: set[str], scratch: bool) -> str | None:
    if name in defined or name in _ALWAYS:
        return None
    if name in global_args:
        return f": global ARG {name} must be declared again (ARG {name}) after FROM"
    close = closest(name, defined, cutoff=0.8)
    if close:
        return f" (did you mean ${close}?)"
    return " and the stage is built FROM scratch" if scratch else None


def _at(loc: Located[str], start: int, end: int) -> Span:
    sp = loc.span
    if sp.start_line != sp.end_line or sp.end_col - sp.start_col != len(loc.value):
        return sp
    return Span(
        sp.start_line,
        sp.start_col + start,
        sp.start_line,
        sp.start_col + end,
        sp.start_offset + start,
        sp.start_offset + end,
    )
