"""The ``.dockerignore`` of a build context."""

from __future__ import annotations

from pathlib import Path

from deploylint.kinds import glob_regex
from deploylint.records import record
from deploylint.source import SourceFile, Span


@record
class IgnorePattern:
    text: str
    negate: bool
    span: Span


@record
class DockerIgnore:
    """The ``.dockerignore`` of a build context, as found next to the Dockerfile."""

    source: SourceFile
    patterns: tuple[IgnorePattern, ...]
    #: why a file that is there could not be read ("" when it was read): a FIFO, a device, a
    #: link out of the scanned root. Docker still uses it, so its rules cannot be known: no rule
    #: may say the context has no ``.dockerignore``, nor what it does or does not exclude.
    unread: str = ""

    @property
    def readable(self) -> bool:
        return not self.unread

    @property
    def path(self) -> Path:
        return self.source.path

    @property
    def span(self) -> Span:
        return Span(1, 1, 1, 2, 0, 1, file=self.source)

    def excludes(self, path: str) -> bool:
        """Whether ``path`` (relative, ``/``-separated) is left out of the context."""
        excluded = False
        for p in self.patterns:
            if ignore_match(p.text, path):
                excluded = not p.negate
        return excluded


def ignore_match(pattern: str, path: str) -> bool:
    """A ``.dockerignore`` line against a context path (a trailing ``/`` does not restrict to folders)."""
    return glob_regex(pattern.strip("/").removeprefix("./"), dir_only=False).match(path) is not None
