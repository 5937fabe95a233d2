"""Which parts of the linked project a rule asked for, so the cache can tell what its result
depends on.

A file rule that waits for the project (``needs_project=True``) and asked the project only the
questions in :data:`FILE_SYSTEM_ONLY` got an answer that depends on its own file and on the file
system (whether paths exist, what ``.gitignore`` files hold, read through the project's recorded
reader), never on another scanned file: the cache keeps such a result with the file's own entry,
so an edit elsewhere does not run it again. Any other question (compose services, upstreams,
workflow builds, ...) ties the result to the whole project.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from deploylint.models.project import Project

#: members of the project whose answers come from the file system alone (the tree's shape and
#: texts read through ``env``, which records them), never from another file's model
FILE_SYSTEM_ONLY = frozenset(
    {
        "root",
        "rel",
        "repo_root",
        "is_file",
        "exists",
        "file_in_or_above",
        "compose_nearby",
        "inferred_context",
        "gitignored",
        "env",
    }
)


class Watched:
    """Stands for a project and notes the name of every member a rule reads."""

    __slots__ = ("_project", "seen")

    def __init__(self, project: Project) -> None:
        self._project = project
        self.seen: set[str] = set()

    def __getattr__(self, name: str) -> object:
        self.seen.add(name)
        return getattr(self._project, name)

    @property
    def own_file_only(self) -> bool:
        """Whether every member read is one of :data:`FILE_SYSTEM_ONLY`."""
        return self.seen <= FILE_SYSTEM_ONLY
