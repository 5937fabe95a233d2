from collections.abc import Iterator
from pathlib import Path

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Add, Copy, Dockerfile, DockerIgnore
from deploylint.registry import Kind, rule
from deploylint.rules.dockerfile._context import build_contexts, context_label


@rule(
    id="DKR044",
    name="copy-ignored-file",
    title="COPY of a path the .dockerignore excludes",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("reliability",),
    aliases=("CopyIgnoredFile",),
    needs_project=True,
)
def copy_ignored_file(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Files excluded by the build context's `.dockerignore` are never sent to the builder, so a
    `COPY` or `ADD` naming one fails with "not found" (or, with a wildcard, silently copies
    less). The ignore file Docker applies is read: `<name>.dockerignore` beside the Dockerfile, else
    the `.dockerignore` at the root of the build context (a compose `context:` when compose builds
    it, else the Dockerfile's folder);
    `COPY --from`, URLs, heredocs and paths with variables or wildcards are not checked.

    ## Example
        (no example: needs a .dockerignore beside the Dockerfile; see the rule's cases)

    ## Use instead
        FROM alpine:3.20
        COPY app.py /app/
    """
    for context, ignore in build_contexts(df, ctx):
        if ignore is not None:
            yield from _check(df, ctx, context, ignore)


def _check(df: Dockerfile, ctx: Context, context: Path, ignore: DockerIgnore) -> Iterator[Finding]:
    where = context_label(df, [context])
    for ins in df.walk():
        if not isinstance(ins, (Copy, Add)) or ins.flag("from") is not None:
            continue
        for src in ins.sources:
            path = src.value.strip("\"'")
            if not path or path.startswith(("<<", "http://", "https://", "git@")) or any(c in path for c in "$*?["):
                continue
            while path.startswith("./"):
                path = path[2:]
            path = path.strip("/")
            if path and path != "." and ignore.excludes(path):
                note = f"excluded by {ignore.path.name}"
                related = (ctx.location(ignore.span, note=note),)
                msg = f"{src.value} is excluded by {ignore.path.name}, so it is not in the build context{where}"
                yield ctx.finding(src, msg, related=related)
