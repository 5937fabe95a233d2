"""Autofix: apply the fixes rules attach to findings, verify them, write them safely.

A fix is a list of text edits on exact character spans of the file as it was read (``Edit``); the
model is never re-serialised, so indentation, quoting, comments, line endings and the BOM stay as
they are. Fixes are applied in rounds, as ruff does: each round takes the applicable fixes of a file
whose edits do not overlap an earlier one's, applies them, and lints the new text again. A file whose
round made it unparsable, or produced more findings of a fixed rule than before, is put back and
retried one fix at a time; a fix that still breaks it is withdrawn and reported, never written.

The linter is a callback (``Lint``): the engine lints the whole scan with the fixed texts overlaid
on the files, so cross-file rules see the fixed files too.
"""

from __future__ import annotations

import itertools
import os
import stat
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING

from deploylint.findings import Applicability, Edit, Finding, Fix
from deploylint.kinds import is_parse_rule
from deploylint.paths import replace_atomically
from deploylint.records import record

if TYPE_CHECKING:
    from deploylint.engine import Report
    from deploylint.kinds import Kind
    from deploylint.registry import Registry
    from deploylint.settings import Settings

#: rounds of fixing before giving up on reaching a fixed point
MAX_ROUNDS = 10


class OverlapError(ValueError):
    """Two edits of one fix overlap: the fix is malformed."""


@record
class Policy:
    """Which fixes apply: safe ones always, unsafe ones with ``unsafe``; per-rule promotions."""

    unsafe: bool = False
    #: rule ids whose unsafe fixes are treated as safe (``extend-safe-fixes``)
    extend_safe: frozenset[str] = frozenset()
    #: rule ids whose safe fixes are treated as unsafe (``extend-unsafe-fixes``)
    extend_unsafe: frozenset[str] = frozenset()

    def applicability(self, rule_id: str, fix: Fix) -> Applicability:
        if rule_id in self.extend_unsafe:
            return Applicability.UNSAFE
        if rule_id in self.extend_safe:
            return Applicability.SAFE
        return fix.applicability

    def allows(self, f: Finding) -> bool:
        if f.fix is None or not f.fix.edits:
            return False
        return self.unsafe or self.applicability(f.rule_id, f.fix) is Applicability.SAFE


def _bounds(e: Edit) -> tuple[int, int]:
    return e.span.start_offset, e.span.end_offset


def sorted_edits(edits: Iterable[Edit]) -> list[Edit]:
    """The edits in text order; raises OverlapError when two overlap (an insertion at the end of
    another edit is allowed)."""
    out = sorted(edits, key=lambda e: (_bounds(e), e.text))
    for a, b in itertools.pairwise(out):
        if b.span.start_offset < a.span.end_offset or (
            b.span.start_offset == a.span.start_offset and a.span.end_offset > a.span.start_offset
        ):
            raise OverlapError(f"edits at offsets {_bounds(a)} and {_bounds(b)} overlap")
    for e in out:
        if e.span.start_offset < 0 or e.span.end_offset < e.span.start_offset:
            raise OverlapError(f"edit without a usable span: {_bounds(e)}")
    return out


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with every edit applied (offsets refer to ``text``)."""
    parts: list[str] = []
    pos = 0
    for e in sorted_edits(edits):
        start, end = _bounds(e)
        if end > len(text):
            raise OverlapError(f"edit at offsets {(start, end)} is past the end of the text")
        parts += [text[pos:start], e.text]
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def _touches(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two edit ranges conflict: they overlap, or both insert at one point, or one replaces across
    the other's insertion point."""
    (s1, e1), (s2, e2) = a, b
    if s1 == e1 and s2 == e2:
        return s1 == s2
    if s1 == e1:
        return s2 < s1 < e2
    if s2 == e2:
        return s1 < s2 < e1
    return s1 < e2 and s2 < e1


def choose(
    findings: Sequence[Finding], policy: Policy, *, skip: Callable[[Finding], bool] | None = None
) -> list[Finding]:
    """The applicable fixes that can go into one round: in text order, each one whose edits touch no
    edit already chosen (later ones wait for the next round, against the new text)."""
    taken: list[tuple[int, int]] = []
    out: list[Finding] = []
    seen: set[tuple[tuple[int, int, str], ...]] = set()
    candidates = [f for f in findings if policy.allows(f) and not (skip and skip(f))]
    for f in sorted(candidates, key=lambda f: (min(e.span.start_offset for e in f.fix.edits), f.rule_id)):  # type: ignore[union-attr]
        assert f.fix is not None
        try:
            edits = sorted_edits(f.fix.edits)
        except OverlapError:
            continue
        key = tuple((e.span.start_offset, e.span.end_offset, e.text) for e in edits)
        if key in seen:  # two findings offering the same edit: apply it once
            continue
        ranges = [_bounds(e) for e in edits]
        if any(_touches(r, t) for r in ranges for t in taken):
            continue
        seen.add(key)
        taken += ranges
        out.append(f)
    return out


@record(frozen=False)
class Withdrawn:
    finding: Finding
    reason: str


@record(frozen=False)
class FileOutcome:
    """What fixing did to one file."""

    display: str
    original: str
    text: str
    applied: list[Finding] = field(default_factory=list)
    withdrawn: list[Withdrawn] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.text != self.original


@record(frozen=False)
class Lint:
    """The callback and what its findings mean.

    ``run(texts, only)`` lints the scan with ``texts`` (display path -> text) overlaid on the files
    and returns every finding; with ``only`` (display paths) it may lint just those files.
    ``is_parse_error(finding)`` tells a syntax error from a rule finding.
    """

    run: Callable[[Mapping[str, str], set[str] | None], list[Finding]]
    is_parse_error: Callable[[Finding], bool]


def _by_file(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for f in findings:
        out.setdefault(f.location.path, []).append(f)
    return out


def _counts(findings: Iterable[Finding], lint: Lint) -> tuple[int, dict[str, int]]:
    errors = 0
    per_rule: dict[str, int] = {}
    for f in findings:
        if lint.is_parse_error(f):
            errors += 1
        else:
            per_rule[f.rule_id] = per_rule.get(f.rule_id, 0) + 1
    return errors, per_rule


def _regressed(before: list[Finding], after: list[Finding], fixed: Iterable[Finding], lint: Lint) -> str | None:
    """Why the new text is worse than the old one, or None."""
    err0, rules0 = _counts(before, lint)
    err1, rules1 = _counts(after, lint)
    if err1 > err0:
        return "the fixed file no longer parses"
    wanted: dict[str, int] = {}
    for f in fixed:
        wanted[f.rule_id] = wanted.get(f.rule_id, 0) + 1
    for rid, n in sorted(wanted.items()):
        if rules1.get(rid, 0) > rules0.get(rid, 0) - n:
            return f"the fix leaves or creates a finding of {rid}"
    return None


def fix_all(
    texts: Mapping[str, str], findings: list[Finding], lint: Lint, policy: Policy, *, max_rounds: int = MAX_ROUNDS
) -> tuple[dict[str, FileOutcome], list[Finding]]:
    """Fix every file of ``texts`` (display path -> original text) and return the outcome per file
    that had a fix, with the findings of the last lint (what remains).

    Each round applies every file's non-conflicting fixes and lints once. A file that got worse is
    put back, and its fixes are bisected with lints of that file alone: the largest set that keeps
    it whole is applied, and each fix that breaks it on its own is withdrawn."""
    current = dict(texts)
    outcomes: dict[str, FileOutcome] = {}
    withdrawn_keys: dict[str, set[tuple[object, ...]]] = {}

    def key(f: Finding) -> tuple[object, ...]:
        """What a fix does, independent of where earlier fixes moved it: rule, message, and each
        edit's old and new text."""
        assert f.fix is not None
        text = current[f.location.path]
        return (
            f.rule_id,
            f.message,
            tuple((text[e.span.start_offset : e.span.end_offset], e.text) for e in f.fix.edits),
        )

    def edited(display: str, chosen: list[Finding]) -> str | None:
        try:
            return apply_edits(current[display], [e for f in chosen for e in f.fix.edits])  # type: ignore[union-attr]
        except OverlapError:
            return None

    for _ in range(max_rounds):
        grouped = _by_file(findings)
        proposed: dict[str, tuple[str, list[Finding]]] = {}
        for display, group in grouped.items():
            if display not in current:
                continue
            bad = withdrawn_keys.get(display, set())
            chosen = choose(group, policy, skip=lambda f, bad=bad: key(f) in bad)  # type: ignore[misc]
            new = edited(display, chosen) if chosen else None
            if new is not None:
                proposed[display] = (new, chosen)
        if not proposed:
            break
        after = _by_file(lint.run({**current, **{d: p[0] for d, p in proposed.items()}}, None))
        relint: set[str] = set()
        for display, (new, chosen) in proposed.items():
            outcome = outcomes.setdefault(display, FileOutcome(display, texts[display], texts[display]))
            before = grouped.get(display, [])
            why = _regressed(before, after.get(display, []), chosen, lint)
            if why is None:
                current[display] = new
                outcome.text = new
                outcome.applied += chosen
                continue
            relint.add(display)
            good: list[Finding] = []
            parts = [chosen]
            while parts:
                part = parts.pop()
                trial = good + part
                text = edited(display, trial)
                one = lint.run({**current, display: text}, {display}) if text is not None else []
                why = "the edits overlap" if text is None else _regressed(before, one, trial, lint)
                if why is None:
                    good = trial
                elif len(part) == 1:
                    withdrawn_keys.setdefault(display, set()).add(key(part[0]))
                    outcome.withdrawn.append(Withdrawn(part[0], why))
                else:
                    half = len(part) // 2
                    parts += [part[half:], part[:half]]
            if good:
                fixed = edited(display, good)
                assert fixed is not None
                current[display] = outcome.text = fixed
                outcome.applied += good
        findings = lint.run(current, None) if relint else [f for group in after.values() for f in group]
    return outcomes, findings


def unified_diff(display: str, old: str, new: str) -> str:
    """A unified diff of one file; its name is escaped (a file name can hold a line break that would
    start a line of its own: a terminal sequence or a CI runner's command)."""
    import difflib  # only when a diff is asked for

    from deploylint.reporters._escape import text as escaped

    name = escaped(display)
    lines = difflib.unified_diff(_diff_lines(old), _diff_lines(new), f"a/{name}", f"b/{name}")
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _diff_lines(text: str) -> list[str]:
    """The lines of ``text`` as ``patch`` and ``git apply`` count them: each ends at ``\\n`` (with its
    ``\\r``, if any). ``str.splitlines`` also ends a line at U+2028, U+0085, a form feed or a lone
    CR, which made a diff with a "No newline at end of file" mark in mid-file that no tool applies."""
    parts = text.split("\n")
    out = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        out.append(parts[-1])
    return out


def encode(text: str, encoding: str) -> bytes:
    """The bytes to write back: the BOM the file had is restored (``utf-8-sig``, ``utf-16``)."""
    return text.encode(encoding)


def write_atomic(path: Path, data: bytes, root: Path) -> None:
    """Replace ``path`` with ``data``: a temporary file in the same folder, the file's mode kept, then
    a rename. A path that is a symlink, or that resolves outside ``root``, is refused (OSError)."""
    st = os.lstat(path)
    if stat.S_ISLNK(st.st_mode) or not stat.S_ISREG(st.st_mode):
        raise OSError(f"{path}: not a regular file; not written")
    real = Path(os.path.realpath(path))
    try:
        real.relative_to(Path(os.path.realpath(root)))
    except ValueError:
        raise OSError(f"{path}: outside the scanned root; not written") from None
    replace_atomically(
        real, data, stat.S_IMODE(st.st_mode), prefix=f".{real.name}.", suffix=".deploylint-fix", fsync=True
    )


@record(frozen=False)
class FixRun:
    """What ``deploylint check --fix`` did: the report of the fixed files, per-file outcomes, and
    files that could not be written (display path -> reason)."""

    report: Report
    outcomes: dict[str, FileOutcome]
    written: list[str] = field(default_factory=list)
    not_written: dict[str, str] = field(default_factory=dict)

    @property
    def applied(self) -> int:
        return sum(len(o.applied) for o in self.outcomes.values())

    @property
    def withdrawn(self) -> list[Withdrawn]:
        return [w for o in self.outcomes.values() for w in o.withdrawn]


def fix_scan(
    settings: Settings,
    paths: Sequence[Path],
    policy: Policy,
    *,
    registry: Registry | None = None,
    kind: Kind | None = None,
    write: bool = True,
    max_rounds: int = MAX_ROUNDS,
) -> FixRun:
    """Scan ``paths``, fix what ``policy`` allows, write the files (unless ``write`` is False) and
    return the report of the result. Every lint after the first overlays the fixed texts on the
    files, so nothing is written before the last round is verified."""
    import dataclasses

    from deploylint.engine import Engine
    from deploylint.registry import Registry

    reg = registry if registry is not None else Registry()
    first = Engine(settings, reg, kind=kind).run(paths)
    arts = {a.display: a for a in first.artifacts if a.source is not None and not a.source.masked}
    if not any(policy.allows(f) and f.location.path in arts for f in first.findings):
        return FixRun(first, {})
    again = dataclasses.replace(settings, root=first.root)
    texts = {d: a.source.text for d, a in arts.items() if a.source is not None}

    def overlay(current: Mapping[str, str]) -> dict[Path, str]:
        return {arts[d].path: t for d, t in current.items() if t != texts.get(d)}

    def run(current: Mapping[str, str], only: set[str] | None) -> list[Finding]:
        targets = list(paths) if only is None else [arts[d].path for d in sorted(only)]
        return Engine(again, reg, kind=kind, overlay=overlay(current)).run(targets).findings

    lint = Lint(run, lambda f: is_parse_rule(f.rule_id))
    outcomes, _ = fix_all(texts, first.findings, lint, policy, max_rounds=max_rounds)
    fixed = {d: o.text for d, o in outcomes.items() if o.changed}
    out = FixRun(Engine(again, reg, kind=kind, overlay=overlay({**texts, **fixed})).run(paths), outcomes)
    if not write:
        return out
    for d, text in sorted(fixed.items()):
        src = arts[d].source
        assert src is not None
        try:
            write_atomic(arts[d].path, encode(text, src.encoding), first.root)
        except OSError as exc:
            out.not_written[d] = str(exc)
        else:
            out.written.append(d)
    return out


__all__ = [
    "MAX_ROUNDS",
    "FileOutcome",
    "FixRun",
    "Lint",
    "OverlapError",
    "Policy",
    "Withdrawn",
    "apply_edits",
    "choose",
    "encode",
    "fix_all",
    "fix_scan",
    "sorted_edits",
    "unified_diff",
    "write_atomic",
]
