"""Inline suppressions.

Recognised comment forms (the text after ``#``):

- ``deploylint: ignore[ID,...] reason`` - the comment's own line when it trails code, otherwise the
  next code line (for Dockerfiles: the whole next instruction);
- ``deploylint: ignore-file[ID,...]`` (or bare ``ignore-file``) - the whole file;
- peers' pragmas, honoured through rule aliases so users can migrate: ``hadolint ignore=DL3008``,
  ``hadolint global ignore=...`` (the whole file, wherever it stands), ``hadolint stage
  ignore=...`` (the build stage of the next instruction, from its FROM to the next FROM),
  ``zizmor: ignore[audit]``, ``trivy:ignore:DS-0001``, ``checkov:skip=CKV_DOCKER_2`` (whole file,
  as checkov does) and BuildKit's ``# check=skip=Name`` parser directive.

IDs may be rule ids, names or aliases. A deploylint suppression naming an unknown rule is reported
(CORE003), and one that suppressed nothing while its rule ran is reported (CORE002). Peers' pragmas
are never reported: they often carry codes we do not implement (ShellCheck's, say).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import field

from deploylint.findings import Finding
from deploylint.models.base import Comment
from deploylint.pragmas import Pragma, Scope, Tool, parse_pragma
from deploylint.records import record
from deploylint.registry import Registry
from deploylint.source import SourceFile, Span


@record(frozen=False, slots=False)
class Code:
    text: str
    span: Span
    rule_ids: set[str]


@record(frozen=False, slots=False)
class Suppression:
    comment: Comment
    codes: list[Code]
    file_level: bool
    ours: bool
    target: Span | None = None
    all_rules: bool = False
    used: set[str] = field(default_factory=set)
    #: a stage pragma: the first and last line of the stage it covers
    lines: tuple[int, int] | None = None

    def covers(self, finding: Finding) -> bool:
        if not (self.all_rules or any(finding.rule_id in c.rule_ids for c in self.codes)):
            return False
        fs = finding.location.span
        if self.lines is not None:
            return self.lines[0] <= fs.start_line <= self.lines[1]
        if self.file_level:
            return True
        t = self.target
        if t is not None and t.start_line <= fs.start_line <= t.end_line:
            return True
        line = self.comment.span.start_line
        return fs.start_line <= line <= fs.end_line


def _spans(src: SourceFile, comment: Comment, pragma: Pragma) -> list[tuple[str, Span]]:
    """The pragma's codes with their spans (the comment text starts one character after ``#``)."""
    out = []
    for code in pragma.codes:
        base = comment.span.start_offset + 1
        span = src.span(base + code.start, base + code.end) if base + code.start >= 1 else comment.span
        out.append((code.text, span))
    return out


def _next_code_line(src: SourceFile, after: int, comment_lines: set[int]) -> int | None:
    for line in range(after + 1, src.line_count + 1):
        if line in comment_lines:
            continue
        if src.line_text(line).strip():
            return line
    return None


def parse_suppressions(
    src: SourceFile,
    comments: Sequence[Comment],
    registry: Registry,
    stage_lines: Callable[[], Sequence[int]] | None = None,
) -> list[Suppression]:
    """The suppressions of a file. ``stage_lines`` gives a Dockerfile's FROM lines (asked only when
    a ``hadolint stage ignore=`` pragma needs them); without it a stage pragma covers the file."""
    comment_lines = {c.span.start_line for c in comments if not c.trailing}
    out: list[Suppression] = []
    for c in comments:
        pragma = parse_pragma(c.text, directive=c.directive)
        if pragma is None:
            continue
        sup = _suppression(src, c, pragma, registry)
        if pragma.scope is Scope.STAGE and stage_lines is not None:
            sup.lines = _stage_of(c.target.start_line if c.target else c.span.start_line, stage_lines())
        if not sup.file_level:
            if c.target is not None:
                sup.target = c.target
            elif c.trailing:
                sup.target = src.line_span(c.span.start_line)
            else:
                nxt = _next_code_line(src, c.span.start_line, comment_lines)
                sup.target = src.line_span(nxt) if nxt is not None else None
        out.append(sup)
    return out


def _stage_of(line: int, froms: Sequence[int]) -> tuple[int, int]:
    """The lines of the stage holding ``line``: from its FROM (or ``line`` before the first FROM)
    to the line before the next FROM."""
    start = max((f for f in froms if f <= line), default=line)
    end = min((f - 1 for f in froms if f > line), default=1 << 30)
    return start, end


def _plausible(code: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z][\w.-]*", code))


def _suppression(src: SourceFile, c: Comment, pragma: Pragma, registry: Registry) -> Suppression:
    pairs = _spans(src, c, pragma)
    file_level = pragma.scope is not Scope.NEXT
    if pragma.ours:
        codes = [Code(t, s, registry.resolve_all([t], strict=False) if _plausible(t) else set()) for t, s in pairs]
        return Suppression(c, codes, file_level, ours=True, all_rules=pragma.all_rules)
    if pragma.tool is Tool.BUILDKIT:
        if pragma.all_rules:
            ids = {r.id for r in registry if any(a[:1].isupper() and a.isalpha() for a in r.meta.aliases)}
            return Suppression(c, [Code("all", c.span, ids)], True, ours=False)
        return Suppression(c, [Code(t, s, registry.resolve(t)) for t, s in pairs], True, ours=False)
    codes = [Code(t, s, registry.resolve(t) if _plausible(t) else set()) for t, s in pairs]
    return Suppression(c, codes, file_level, ours=False)


@record(frozen=False, slots=False)
class Outcome:
    kept: list[Finding]
    unused: list[tuple[Code, Suppression]]
    unknown: list[tuple[Code, Suppression]]


def apply(findings: Iterable[Finding], suppressions: list[Suppression], enabled_ids: set[str]) -> Outcome:
    kept: list[Finding] = []
    for f in findings:
        hit = False
        for s in suppressions:
            if s.covers(f):
                hit = True
                s.used.add(f.rule_id)
        if not hit:
            kept.append(f)
    unused: list[tuple[Code, Suppression]] = []
    unknown: list[tuple[Code, Suppression]] = []
    for s in suppressions:
        if not s.ours:
            continue
        for code in s.codes:
            if not code.rule_ids:
                unknown.append((code, s))
            elif not (code.rule_ids & s.used) and code.rule_ids & enabled_ids:
                unused.append((code, s))
    return Outcome(kept, unused, unknown)
