"""Build contexts of a Dockerfile as the project sees them (compose may set another context)."""

from __future__ import annotations

from pathlib import Path

from deploylint.context import Context
from deploylint.models.dockerfile import Dockerfile, DockerIgnore


def build_contexts(df: Dockerfile, ctx: Context) -> list[tuple[Path, DockerIgnore | None]]:
    """(context folder, the ignore file Docker applies) for every way this Dockerfile is built."""
    project = ctx.project if df.compose_nearby else None
    if project is None:
        return [(df.context_dir, df.context_dockerignore)] if df.context_dir is not None else []
    return [(c, project.dockerignore_for(df, c)) for c in project.contexts_of(df)]
