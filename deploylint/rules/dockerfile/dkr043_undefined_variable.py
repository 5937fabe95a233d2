from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Confidence, Finding, Severity
from deploylint.models.dockerfile import Arg, Dockerfile, Env, Instruction, Label, Stage, stage_tree
from deploylint.models.varrefs import refs_at, walk
from deploylint.registry import Kind, rule
from deploylint.source import Span
from deploylint.suggest import closest

_EXPANDED = frozenset({"ADD", "COPY", "EXPOSE", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR"})
_ALWAYS = frozenset({"PATH", "HOME", "HOSTNAME", "TERM", "PWD", "USER", "SHELL", "LANG"})
#: build args BuildKit predefines (usable without an ARG line)
_PREDEFINED = frozenset(
    {"HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy"}
    | {"ALL_PROXY", "all_proxy"}
)


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
    scratch`. An ENV value that uses a name no ARG or ENV of the stage (or of the stages it is
    built FROM) declares, and that Docker does not provide (`PATH`, `HOME`, the proxy build args),
    is an `info` of low confidence: it is empty unless the base image sets it. `ENV X=$X:/more`,
    which extends a variable that may be unset, passes. `${NAME:-default}` forms and shell-form
    RUN/CMD/ENTRYPOINT (expanded by the shell) are not checked.

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
    # the names the stages above declare, kept along a walk down the FROM tree (a set per stage,
    # or a walk up its chain, is quadratic in a long chain): ``defined`` holds the names whose
    # count is above zero; a stage adds its own names as it goes and takes them back on the way up
    counts: dict[str, int] = {}
    defined: set[str] = set()
    for stage, entering in stage_tree(df.stages):
        if not entering:
            for name in _declared(stage):
                counts[name] -= 1
                if not counts[name]:
                    del counts[name]
                    defined.discard(name)
            continue
        scratch = stage.root_base.is_scratch
        for ins in stage.instructions:
            for at_span, key in _units(ins):
                for ref in walk(refs_at(df.source, at_span, df.escape)):
                    if ref.op is not None or ref.span is None:
                        continue  # ${NAME:-default} and the like say what happens when it is unset
                    name, at = ref.name, ref.span
                    hint = _problem(name, defined, global_args, scratch)
                    if hint is not None:
                        yield ctx.finding(at, f"${name} is not defined here{hint}")
                    elif isinstance(ins, Env) and _never_declared(name, key, defined):
                        msg = f"${name} is declared by no ARG or ENV of this stage, so it is empty unless the base image sets it"
                        yield ctx.finding(at, msg, severity=Severity.INFO, confidence=Confidence.LOW)
            if isinstance(ins, (Arg, Env)):
                for p in ins.pairs:
                    counts[p.name] = counts.get(p.name, 0) + 1
                    defined.add(p.name)


def _declared(stage: Stage) -> Iterator[str]:
    """Every name an ARG or ENV of the stage declares (once per declaration)."""
    return (p.name for i in stage.instructions if isinstance(i, (Arg, Env)) for p in i.pairs)


def _units(ins: Instruction) -> Iterator[tuple[Span, str | None]]:
    """Where an instruction's expanded words stand, each with the ENV/LABEL key it is the value of."""
    if ins.name in _EXPANDED:
        yield from ((a.span, None) for a in ins.args)
    elif isinstance(ins, (Env, Label)):
        for p in ins.pairs:
            if p.value is not None and p.raw_value is not None and "'" not in p.raw_value:
                yield p.value.span, p.name


def _never_declared(name: str, key: str | None, defined: set[str]) -> bool:
    """An ENV value's ``$name`` that nothing in the Dockerfile declares and Docker does not provide.
    ``ENV X=$X:/more`` (extending a variable that may be unset) is idiomatic and left alone."""
    return name != key and name not in defined and name not in _ALWAYS and name not in _PREDEFINED


def _problem(name: str, defined: set[str], global_args: set[str], scratch: bool) -> str | None:
    if name in defined or name in _ALWAYS:
        return None
    if name in global_args:
        return f": global ARG {name} must be declared again (ARG {name}) after FROM"
    close = closest(name, defined, cutoff=0.8)
    if close:
        return f" (did you mean ${close}?)"
    return " and the stage is built FROM scratch" if scratch else None
