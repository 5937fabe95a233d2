"""Build contexts of a Dockerfile as the project sees them (compose may set another context)."""

from __future__ import annotations

from pathlib import Path

from deploylint.context import Context
from deploylint.models.dockerfile import Dockerfile, DockerIgnore
from deploylint.paths import resolve


def build_contexts(df: Dockerfile, ctx: Context) -> list[tuple[Path, DockerIgnore | None]]:
    """(context folder, the ignore file Docker applies) for every way this Dockerfile is built."""
    project = ctx.project
    if project is None or not project.compose_nearby(df.source.path):
        return [(resolve(df.context_dir), df.context_dockerignore)] if df.context_dir is not None else []
    return [(resolve(c), project.dockerignore_for(df, c)) for c in project.contexts_of(df)]


def context_holds(ctx: Context, folder: Path, name: str, *, file: bool = True) -> bool:
    """Whether the build context ``folder`` holds ``name`` (a file, or with ``file=False`` anything),
    as the project model sees the tree: rules never touch the file system themselves."""
    project = ctx.project
    if project is None:
        return False
    where = folder / name
    return bool(project.is_file(where) if file else project.exists(where))


def context_label(df: Dockerfile, contexts: list[Path]) -> str:
    """`` (context ../app)`` when the contexts are not just the Dockerfile's own folder, else ``""``:
    each context relative to the Dockerfile's folder, so a message names the folder Docker sends."""
    own = resolve(df.source.path).parent
    if all(c == own for c in contexts):
        return ""
    import os

    shown = [os.path.relpath(c, own).replace(os.sep, "/") for c in contexts]
    return f" (context {', '.join(shown)})"
