"""The single Finding type and its parts."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import field
from enum import StrEnum

from deploylint.records import record
from deploylint.source import Span


class Severity(StrEnum):
    """How bad a finding is. Ordered: info < warning < error."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @property
    def sarif_level(self) -> str:
        return {"info": "note", "warning": "warning", "error": "error"}[self.value]


_RANK = {Severity.INFO: 1, Severity.WARNING: 2, Severity.ERROR: 3}


class Confidence(StrEnum):
    """How sure the rule is (kept apart from severity, as zizmor does)."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Applicability(StrEnum):
    SAFE = "safe"
    UNSAFE = "unsafe"


@record
class Location:
    path: str
    span: Span
    note: str | None = None


@record
class Edit:
    """Replace the text of ``span`` (by offsets) with ``text``."""

    span: Span
    text: str


@record
class Fix:
    title: str
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE


#: the most characters of one value (a run without blanks) a message echoes; longer ones are cut
#: by :func:`echo`, so an input cannot make one finding, or the report, huge (docs/security.md)
ECHO_LIMIT = 200
#: the most characters of a whole message (a few values of ECHO_LIMIT characters fit)
MESSAGE_LIMIT = 1_000
_LONG_RUN = re.compile(rf"\S{{{ECHO_LIMIT + 1},}}")


def echo(text: str, limit: int = ECHO_LIMIT) -> str:
    """``text`` as a message may echo it: at most ``limit`` characters. A longer text keeps its
    start and its end (an image's tag, a path's file name) around an ellipsis, ``…``."""
    if len(text) <= limit:
        return text
    head = (limit - 1) * 3 // 4
    return text[:head] + "…" + text[len(text) - (limit - 1 - head) :]


def bounded_message(message: str) -> str:
    """``message`` with every run of more than :data:`ECHO_LIMIT` non-blank characters cut by
    :func:`echo`, and the whole cut to :data:`MESSAGE_LIMIT` characters. Every finding's message,
    related note and fix title pass through here (:class:`Finding` does it), so no rule has to
    remember to; a rule may call :func:`echo` on a value with blanks (a script) for a tighter cut."""
    if len(message) <= ECHO_LIMIT:
        return message
    return echo(_LONG_RUN.sub(lambda m: echo(m.group()), message), MESSAGE_LIMIT)


@record
class Finding:
    rule_id: str
    rule_name: str
    severity: Severity
    message: str
    location: Location
    related: tuple[Location, ...] = ()
    fix: Fix | None = None
    confidence: Confidence = Confidence.HIGH
    tags: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        # the one place every finding passes (rules, parse errors, the cache, the language server)
        if len(self.message) > ECHO_LIMIT:
            object.__setattr__(self, "message", bounded_message(self.message))
        if any(r.note is not None and len(r.note) > ECHO_LIMIT for r in self.related):
            bounded = tuple(
                dataclasses.replace(r, note=bounded_message(r.note)) if r.note is not None else r for r in self.related
            )
            object.__setattr__(self, "related", bounded)
        if self.fix is not None and len(self.fix.title) > ECHO_LIMIT:
            object.__setattr__(self, "fix", dataclasses.replace(self.fix, title=bounded_message(self.fix.title)))

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        s = self.location.span
        return (self.location.path, s.start_line, s.start_col, self.rule_id, self.message)
