"""What a rule's check function receives besides the model."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from deploylint.findings import Confidence, Finding, Fix, Location, Severity
from deploylint.models.base import HasSpan
from deploylint.records import record
from deploylint.source import SourceFile, Span

if TYPE_CHECKING:
    from deploylint.registry import Rule
    from deploylint.settings import Settings


def span_of(at: HasSpan | Span) -> Span:
    return at if isinstance(at, Span) else at.span


@record(frozen=False)
class Context:
    """Per (rule, file) context. ``finding`` stamps the rule id, name and default severity."""

    rule: Rule
    source: SourceFile
    options: Any
    settings: Settings
    project: Any = None

    def location(self, at: HasSpan | Span, *, note: str | None = None) -> Location:
        """Where ``at`` is: its span, in the file the span is in (every span a parser makes knows
        its file; a span made by hand without one is taken to be in this context's file)."""
        span = span_of(at)
        return Location((span.file or self.source).display, span, note)

    def finding(
        self,
        at: HasSpan | Span,
        message: str,
        *,
        related: tuple[Location, ...] = (),
        fix: Fix | None = None,
        confidence: Confidence = Confidence.HIGH,
        severity: Severity | None = None,
    ) -> Finding:
        meta = self.rule.meta
        return Finding(
            rule_id=meta.id,
            rule_name=meta.name,
            severity=severity or meta.severity,
            message=message,
            location=self.location(at),
            related=related,
            fix=fix,
            confidence=confidence,
            tags=meta.tags,
        )
