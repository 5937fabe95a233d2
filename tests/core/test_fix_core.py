"""The autofix core (deploylint.fix) against a toy linter whose findings and fixes are exact."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Mapping
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deploylint.findings import Applicability, Edit, Finding, Fix, Location, Severity
from deploylint.fix import Lint, OverlapError, Policy, apply_edits, choose, fix_all, unified_diff, write_atomic
from deploylint.source import SourceFile, Span


def _span(src: SourceFile, start: int, end: int) -> Span:
    return src.span(start, end) if end > start else Span(*src.position(start), *src.position(start), start, start)


def _find(display: str, text: str) -> list[Finding]:
    """The toy rules: T1 'bad' -> 'good' (safe); T2 'meh' -> 'ok' (unsafe); T3 'boom' -> '!!!'
    (breaks the file); T4 'grow' -> 'grow grow' (creates another T4); T0 a parse error on '!!!'."""
    src = SourceFile(Path(display), text, display)
    out: list[Finding] = []
    rules = {
        "bad": ("T1", "good", Applicability.SAFE),
        "meh": ("T2", "ok", Applicability.UNSAFE),
        "boom": ("T3", "!!!", Applicability.SAFE),
        "grow": ("T4", "grow grow", Applicability.SAFE),
    }
    for m in re.finditer(r"\b(bad|meh|boom|grow)\b", text):
        rid, repl, app = rules[m.group(1)]
        span = src.span(m.start(), m.end())
        fix = Fix(f"write {repl!r}", (Edit(span, repl),), app)
        out.append(
            Finding(rid, rid.lower(), Severity.WARNING, f"found {m.group(1)!r}", Location(display, span), fix=fix)
        )
    for m in re.finditer(r"!!!", text):
        out.append(
            Finding("T0", "syntax", Severity.ERROR, "syntax error", Location(display, src.span(m.start(), m.end())))
        )
    return out


class Toy:
    def __init__(self) -> None:
        self.runs = 0

    def run(self, texts: Mapping[str, str], only: set[str] | None = None) -> list[Finding]:
        self.runs += 1
        return [f for d, t in sorted(texts.items()) if only is None or d in only for f in _find(d, t)]

    def lint(self) -> Lint:
        return Lint(self.run, lambda f: f.rule_id == "T0")


def _fix(
    texts: dict[str, str], policy: Policy | None = None
) -> tuple[dict[str, str], list[tuple[str, str]], list[str]]:
    toy = Toy()
    outcomes, remaining = fix_all(texts, toy.run(texts), toy.lint(), policy or Policy())
    fixed = {d: (outcomes[d].text if d in outcomes else t) for d, t in texts.items()}
    withdrawn = sorted((w.finding.rule_id, w.reason) for o in outcomes.values() for w in o.withdrawn)
    return fixed, withdrawn, sorted(f.rule_id for f in remaining)


def test_apply_edits_replaces_inserts_and_deletes_by_offset() -> None:
    src = SourceFile(Path("f"), "abcdef", "f")
    edits = [Edit(src.span(4, 6), "XY"), Edit(_span(src, 0, 0), ">"), Edit(src.span(1, 3), "")]
    assert apply_edits(src.text, edits) == ">adXY"


def test_overlapping_edits_are_refused() -> None:
    src = SourceFile(Path("f"), "abcdef", "f")
    with pytest.raises(OverlapError):
        apply_edits(src.text, [Edit(src.span(0, 3), "x"), Edit(src.span(2, 4), "y")])


def test_safe_fixes_apply_and_unsafe_wait_for_the_flag() -> None:
    fixed, withdrawn, remaining = _fix({"a": "bad meh\r\nbad\r\n"})
    assert fixed == {"a": "good meh\r\ngood\r\n"}  # CRLF kept: edits touch only their spans
    assert withdrawn == []
    assert remaining == ["T2"]
    fixed, _, remaining = _fix({"a": "bad meh\r\nbad\r\n"}, Policy(unsafe=True))
    assert fixed == {"a": "good ok\r\ngood\r\n"}
    assert remaining == []


def test_per_rule_promotion_and_demotion() -> None:
    fixed, _, _ = _fix({"a": "bad meh"}, Policy(extend_safe=frozenset({"T2"}), extend_unsafe=frozenset({"T1"})))
    assert fixed == {"a": "bad ok"}


def test_a_fix_that_breaks_the_file_is_withdrawn_and_the_others_kept() -> None:
    fixed, withdrawn, remaining = _fix({"a": "bad boom bad", "b": "boom"})
    assert fixed == {"a": "good boom good", "b": "boom"}
    assert withdrawn == [("T3", "the fixed file no longer parses"), ("T3", "the fixed file no longer parses")]
    assert remaining == ["T3", "T3"]


def test_a_fix_that_creates_a_finding_of_its_rule_is_withdrawn() -> None:
    fixed, withdrawn, _ = _fix({"a": "grow bad"})
    assert fixed == {"a": "grow good"}
    assert withdrawn == [("T4", "the fix leaves or creates a finding of T4")]


def test_choose_takes_one_of_two_fixes_on_the_same_span_and_applies_a_shared_edit_once() -> None:
    src = SourceFile(Path("a"), "bad", "a")
    span = src.span(0, 3)
    one = Finding("T1", "t1", Severity.WARNING, "m", Location("a", span), fix=Fix("x", (Edit(span, "x"),)))
    other = Finding("T9", "t9", Severity.WARNING, "m", Location("a", span), fix=Fix("y", (Edit(span, "y"),)))
    twin = Finding("T8", "t8", Severity.WARNING, "m", Location("a", span), fix=Fix("x", (Edit(span, "x"),)))
    assert choose([one, other, twin], Policy()) == [one]


def test_fixing_again_changes_nothing() -> None:
    once, _, _ = _fix({"a": "bad meh boom grow\nbad"}, Policy(unsafe=True))
    twice, _, _ = _fix(once, Policy(unsafe=True))
    assert twice == once


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="ab \n\r", max_size=40),
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 5), st.text("xy", max_size=3)), max_size=6),
)
def test_edits_in_one_pass_equal_edits_one_by_one_from_the_end(text: str, raw: list[tuple[int, int, str]]) -> None:
    src = SourceFile(Path("f"), text, "f")
    edits: list[Edit] = []
    taken: list[tuple[int, int]] = []
    for start, length, repl in raw:
        start = min(start, len(text))
        end = min(start + length, len(text))
        if any(
            (start < e and s < end) or start == s or (s == e and start < s < end) or (start == end and s < start < e)
            for s, e in taken
        ):
            continue
        taken.append((start, end))
        edits.append(Edit(_span(src, start, end), repl))
    expected = text
    for e in sorted(edits, key=lambda e: e.span.start_offset, reverse=True):
        expected = expected[: e.span.start_offset] + e.text + expected[e.span.end_offset :]
    assert apply_edits(text, edits) == expected


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["bad", "meh", "boom", "grow", "ok", "# keep", "\n", "\r\n", " "]), max_size=30))
def test_fixing_keeps_comments_reaches_a_fixed_point_and_never_breaks_the_file(words: list[str]) -> None:
    text = " ".join(words)
    fixed, _, remaining = _fix({"a": text}, Policy(unsafe=True))
    assert fixed["a"].count("# keep") == text.count("# keep")
    assert fixed["a"].count("!!!") == text.count("!!!")
    assert "T1" not in remaining and "T2" not in remaining
    again, _, _ = _fix(fixed, Policy(unsafe=True))
    assert again == fixed


def test_unified_diff_names_both_sides() -> None:
    assert unified_diff("x/Dockerfile", "a\nb\n", "a\nc\n") == (
        "--- a/x/Dockerfile\n+++ b/x/Dockerfile\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n"
    )
    assert unified_diff("f", "a", "b").endswith("+b\n\\ No newline at end of file\n")
    assert unified_diff("x\n::error::y", "a\n", "b\n").splitlines()[:2] == [
        "--- a/x\\x0a::error::y",
        "+++ b/x\\x0a::error::y",
    ]


def test_write_atomic_keeps_the_mode_and_refuses_links_and_outside_paths(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    target = root / "Dockerfile"
    target.write_bytes(b"FROM a\n")
    target.chmod(0o640)
    write_atomic(target, b"FROM b\n", root)
    assert target.read_bytes() == b"FROM b\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in root.iterdir()) == ["Dockerfile"]  # no temporary file left
    outside = tmp_path / "outside"
    outside.write_text("secret")
    link = root / "compose.yaml"
    os.symlink(outside, link)
    with pytest.raises(OSError, match="not a regular file"):
        write_atomic(link, b"x", root)
    assert outside.read_text() == "secret"
    with pytest.raises(OSError, match="outside the scanned root"):
        write_atomic(outside, b"x", root)
