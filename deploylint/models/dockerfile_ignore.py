"""The ``.dockerignore`` of a build context."""

from __future__ import annotations

from dataclasses import field
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
    #: the patterns' places by their first folder name, made on first use by :meth:`excludes`
    _index: list[tuple[dict[str, tuple[int, ...]], tuple[int, ...]]] = field(
        default_factory=list, repr=False, compare=False
    )

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
        """Whether ``path`` (relative, ``/``-separated) is left out of the context: the last
        pattern that matches it decides. Only the patterns that can match are tried: one whose
        first folder name is literal matches only paths under that name (trying every pattern for
        each path made 4,000 ``COPY`` against 8,000 patterns run into the 10 s budget)."""
        if not self._index:
            self._index.append(_index(self.patterns))
        by_first, wild = self._index[0]
        named = by_first.get(path.split("/", 1)[0], ())
        for i in sorted((*named, *wild), reverse=True) if named and wild else reversed(named or wild):
            p = self.patterns[i]
            if ignore_match(p.text, path):
                return not p.negate
        return False


def _index(patterns: tuple[IgnorePattern, ...]) -> tuple[dict[str, tuple[int, ...]], tuple[int, ...]]:
    """The places of ``patterns`` by their first folder name when it is literal (no ``*``, ``?``),
    and the places of the others, each in order."""
    by_first: dict[str, list[int]] = {}
    wild: list[int] = []
    for i, p in enumerate(patterns):
        body = p.text.strip("/").removeprefix("./").strip("/")  # what ignore_match compiles
        first = body.split("/", 1)[0]
        if not first or "*" in first or "?" in first:
            wild.append(i)
        else:
            by_first.setdefault(first, []).append(i)
    return {k: tuple(v) for k, v in by_first.items()}, tuple(wild)


def ignore_match(pattern: str, path: str) -> bool:
    """A ``.dockerignore`` line against a context path (a trailing ``/`` does not restrict to folders)."""
    return glob_regex(pattern.strip("/").removeprefix("./"), dir_only=False).match(path) is not None
