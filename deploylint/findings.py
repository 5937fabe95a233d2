"""The single Finding type and its parts."""

from __future__ import annotations

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

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        s = self.location.span
        return (self.location.path, s.start_line, s.start_col, self.rule_id, self.message)
