"""Shared model building blocks.

Model nodes are records (``deploylint.records``: slotted dataclasses that the type checker holds
frozen): they are built once per file by a parser and then only read by rules. (pydantic carries
configuration, rule options and the report schemas; measured here, importing it costs about 75 ms,
which a one-file pre-commit run should not pay for a Dockerfile.)
"""

from __future__ import annotations

from typing import Generic, Protocol, TypeVar

from deploylint.records import record
from deploylint.source import SourceFile, Span

T = TypeVar("T")


class HasSpan(Protocol):
    @property
    def span(self) -> Span: ...


@record
class Located(Generic[T]):
    """A value with the span where it is written; the span names the file (``file``), so a
    finding on it reports there, whichever file is being checked."""

    value: T
    span: Span

    def __str__(self) -> str:
        return str(self.value)

    @property
    def file(self) -> SourceFile:
        """The file the value is written in. Every span a parser makes names its file; a value
        built by hand on a bare ``Span`` has none, and asking for its file is a programming error."""
        file = self.span.file
        if file is None:
            raise ValueError(f"{self!r}: its span names no file")
        return file


@record
class Comment:
    """A comment in a source file.

    ``text`` is the comment without its leading ``#``. ``trailing`` is true when code precedes it
    on the same line. ``target`` is the region a suppression written in this comment covers; when
    None the suppression engine uses the comment's own line (trailing) or the next code line.
    ``directive`` marks Dockerfile parser directives (``# check=skip=...``).
    """

    span: Span
    text: str
    trailing: bool = False
    target: Span | None = None
    directive: bool = False


@record
class Diagnostic:
    """A problem found while parsing: becomes a ``<KIND>000`` finding."""

    message: str
    span: Span


M = TypeVar("M")


@record(frozen=False)
class Parsed(Generic[M]):
    """What a parser returns. ``model`` is None only when nothing could be recovered."""

    model: M | None
    errors: list[Diagnostic]
    comments: list[Comment]
