"""After the rules: drop findings of rules not selected for their file, apply inline
suppressions (reporting unknown and unused ones), apply configured severities, and put the
findings in one total order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TypeAlias

from deploylint.engine.artifacts import INTERNAL_ERROR, UNKNOWN_SUPPRESSION, UNUSED_SUPPRESSION, Artifact
from deploylint.engine.emit import Emitter
from deploylint.engine.select import Selection
from deploylint.findings import Finding, Location, Severity
from deploylint.kinds import is_parse_rule
from deploylint.source import Span

#: the parts of :func:`total_key`: a related location, and the fix (empty without one)
_RelatedKey: TypeAlias = tuple[str, Span, str]
_FixKey: TypeAlias = tuple[()] | tuple[str, str, tuple[tuple[Span, str], ...]]
#: the sort key of the findings' total order: ``Finding.sort_key``, then the rest of the span, the
#: severity, confidence, note, related locations, fix and rule name
TotalKey: TypeAlias = tuple[
    str, int, int, str, str, int, int, int, int, int, str, str, tuple[_RelatedKey, ...], _FixKey, str
]


def total_key(f: Finding) -> TotalKey:
    """Sort key that orders any two different findings the same way on every run."""
    s = f.location.span
    related = tuple((r.path, r.span, r.note or "") for r in f.related)
    fix = (
        () if f.fix is None else (f.fix.title, f.fix.applicability.value, tuple((e.span, e.text) for e in f.fix.edits))
    )
    return (
        *f.sort_key,
        s.end_line,
        s.end_col,
        s.start_offset,
        s.end_offset,
        f.severity.rank,
        f.confidence.value,
        f.location.note or "",
        related,
        fix,
        f.rule_name,
    )


class Suppressor(Emitter):
    def _with_severity(self, f: Finding, selection: Selection) -> Finding:
        sev = selection.severity.get(f.rule_id)
        if sev is None or sev is f.severity or f.rule_id == INTERNAL_ERROR:
            return f
        r = self.registry.rules.get(f.rule_id)
        settings = selection.settings
        if r is not None and f.severity is not r.meta.severity and f.rule_id not in settings.severity:
            # the rule chose a per-finding severity; a preset only lifts the default
            if not (settings.preset == "strict" and f.severity is Severity.INFO):
                return f
        return replace(f, severity=sev)

    def _suppress(
        self,
        findings: list[Finding],
        artifacts: list[Artifact],
        by_display: dict[str, Selection],
        selection: Selection,
    ) -> list[Finding]:
        from deploylint import suppress

        by_path: dict[str, list[Finding]] = {}
        for f in findings:
            by_path.setdefault(f.location.path, []).append(f)
        out: list[Finding] = []
        for art in artifacts:
            group = by_path.pop(art.display, [])
            sel = by_display.get(art.display, selection)
            sups = (
                suppress.parse_suppressions(art.source, art.comments, self.registry, _from_lines(art))
                if art.source is not None and art.comments and not sel.settings.no_ignores
                else []
            )
            if not sups:
                out += group
                continue
            res = suppress.apply(group, sups, sel.enabled - sel.disabled_for(art.relpath))
            out += res.kept
            for code, _ in res.unknown:
                msg = f"suppression names unknown rule {code.text!r}"
                out.append(self._emit(UNKNOWN_SUPPRESSION, Location(art.display, code.span), msg))
            for code, _ in res.unused:
                msg = f"unused suppression: {code.text} reported nothing here"
                out.append(self._emit(UNUSED_SUPPRESSION, Location(art.display, code.span), msg))
        for group in by_path.values():
            out += group
        return [f for f in out if kept(f, by_display.get(f.location.path, selection))]


def _from_lines(art: Artifact) -> Callable[[], list[int]]:
    """A Dockerfile's FROM lines, for ``hadolint stage ignore=`` (the model is read only then)."""
    return lambda: [st.from_.start_line for st in getattr(art.model, "stages", None) or ()]


def kept(f: Finding, selection: Selection) -> bool:
    """A finding of an enabled rule, or a file's read/parse problem (kept unless its rule is named
    in the ignore list: ``--ignore DKR000``)."""
    if is_parse_rule(f.rule_id):
        return f.rule_id not in selection.ignored_parse_errors
    return f.rule_id in selection.enabled
