from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.models.dockerfile_args import AUTOMATIC_ARGS
from deploylint.models.varrefs import refs_at, walk
from deploylint.registry import Kind, rule
from deploylint.suggest import closest


@rule(
    id="DKR041",
    name="undefined-arg-in-from",
    title="FROM uses a build argument that is not declared",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("reliability",),
    aliases=("UndefinedArgInFrom",),
)
def undefined_arg_in_from(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `FROM` can only use build arguments declared with `ARG` before the first `FROM` (and the
    automatic platform ones, `$BUILDPLATFORM`, `$TARGETARCH`...). An undeclared one expands to
    an empty string, even when passed with `--build-arg`, so the image name silently changes.

    ## Example
        FROM python:${PYTHON_VERSION}-slim

    ## Use instead
        ARG PYTHON_VERSION=3.12
        FROM python:${PYTHON_VERSION}-slim
    """
    declared = {p.name for arg in df.global_args for p in arg.pairs}
    for stage in df.stages:
        for loc in (stage.from_.image, stage.from_.platform):
            if loc is None or "$" not in loc.value:
                continue
            for ref in walk(refs_at(df.source, loc.span, df.escape)):
                name = ref.name
                if name in declared or name in AUTOMATIC_ARGS:
                    continue
                close = closest(name, declared | AUTOMATIC_ARGS)
                hint = f" (did you mean ${close}?)" if close else f"; declare ARG {name} before the first FROM"
                yield ctx.finding(loc, f"${name} is not a declared build argument{hint}")
