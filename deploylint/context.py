"""What a rule's check function receives besides the model.

``Context[OptionsT]`` is generic in the rule's options type: ``ctx.options`` is an ``OptionsT``. A
rule without options writes plain ``Context``, which means ``Context[NoOptions]``: its ``options``
is None.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, Protocol, TypeAlias

from deploylint.findings import Confidence, Finding, Fix, Location, Severity
from deploylint.models.base import HasSpan
from deploylint.records import record
from deploylint.source import SourceFile, Span

if TYPE_CHECKING:
    from typing_extensions import TypeVar

    from deploylint.models.project import Project
    from deploylint.registry import RuleMeta
    from deploylint.settings import Settings
else:
    # the defaults below matter only to the type checker; typing_extensions would cost ~17 ms at start-up
    from typing import TypeVar

#: the options of a rule that declares none: the engine passes None
NoOptions: TypeAlias = None

if TYPE_CHECKING:
    #: a rule's options type (``@rule(options=...)``); plain ``Context`` means ``Context[NoOptions]``
    OptionsT = TypeVar("OptionsT", default=NoOptions)

    class Named(Protocol):
        """What a context needs of its rule: the metadata a finding is stamped with."""

        @property
        def meta(self) -> RuleMeta: ...

else:
    OptionsT = TypeVar("OptionsT")


def span_of(at: HasSpan | Span) -> Span:
    return at if isinstance(at, Span) else at.span


@record(frozen=False)
class Context(Generic[OptionsT]):
    """Per (rule, file) context. ``finding`` stamps the rule id, name and default severity.

    ``project`` is the linked project, or None where there is none (linking failed or is off).
    """

    rule: Named
    source: SourceFile
    options: OptionsT
    settings: Settings
    project: Project | None = None

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
