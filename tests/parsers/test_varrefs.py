"""The one variable-reference scanner (models/varrefs.py): the parser's expand and DKR029,
DKR041, DKR043 read it."""

from __future__ import annotations

from pathlib import Path

import pytest

from deploylint.kinds import Kind
from deploylint.models.dockerfile_args import expand
from deploylint.models.varrefs import MAX_DEPTH, refs_at, scan, walk
from deploylint.source import SourceFile
from deploylint.testing import lint_text


def _refs(text: str, **kw: object) -> list[tuple[str, int, int, str | None]]:
    return [(r.name, r.start, r.end, r.op) for r in walk(scan(text, **kw))]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("a $A b${B}c", [("A", 2, 4, None), ("B", 6, 10, None)]),
        ("${A:-${B}}x", [("A", 0, 10, ":-"), ("B", 5, 9, None)]),
        ("${A:-$B}", [("A", 0, 8, ":-"), ("B", 5, 7, None)]),
        ("${A%.tar}", [("A", 0, 9, "%")]),
        # a form BuildKit rejects still names its variable
        ("x-${tpl:variant}", [("tpl", 2, 16, ":")]),
        ("${A", []),
        ("$1 ${} $", []),
        # without quotes the text is a value: quotes and backslashes are plain characters
        ("'$A' \\$B", [("A", 1, 3, None), ("B", 6, 8, None)]),
    ],
)
def test_scan_values(text: str, want: list[tuple[str, int, int, str | None]]) -> None:
    assert _refs(text) == want


def test_scan_raw_words_honours_quotes_and_escapes() -> None:
    text = "'$A' \\$B \"$C \\$D\" `$E"
    assert _refs(text, quotes=True, esc="\\") == [("C", 10, 12, None), ("E", 19, 21, None)]
    assert _refs(text, quotes=True, esc="`") == [("B", 6, 8, None), ("C", 10, 12, None), ("D", 14, 16, None)]


def test_deep_nesting_and_unbalanced_input_are_bounded() -> None:
    deep = "${A:-" * (MAX_DEPTH + 5) + "x" + "}" * (MAX_DEPTH + 5)
    assert len(list(walk(scan(deep)))) == MAX_DEPTH
    assert scan("${A:-" * 20_000) == ()


def test_refs_at_gives_source_spans_across_a_continuation() -> None:
    text = "FROM alpine\nENV A x \\\n    ${B:-$C}\n"
    src = SourceFile(Path("Dockerfile"), text)
    start = text.index("x \\")
    span = src.span(start, len(text) - 1)
    got = [
        (r.name, r.span.start_line, r.span.start_col, r.span.end_col) for r in walk(refs_at(src, span, "\\")) if r.span
    ]
    assert got == [("B", 3, 5, 13), ("C", 3, 10, 12)]


@pytest.mark.parametrize(
    ("value", "want"),
    [
        ("${A:-${B}}", "1"),
        ("${Z:-${A}}", None),  # Z is not declared: its default cannot be trusted
        ("${B:-${A}}", "1"),
        ("${A%x}", None),  # a pattern form is not evaluated
        ("v$A-${B}", "v1-"),
    ],
)
def test_expand_reads_the_scanner(value: str, want: str | None) -> None:
    assert expand(value, {"A": "1", "B": ""}) == want


def test_dkr043_spans_come_from_the_scanner() -> None:
    text = "FROM scratch\nARG APP_HOME=/srv\nENV X a \\\n    $APP_HOEM/bin\nCOPY '$NOPE' \\$ALSO_NOT $APP_HOMME /x\n"
    got = lint_text(text, Kind.DOCKERFILE, select=["DKR043"])
    # a reference inside a value continued over two lines is pointed at exactly (not the value's
    # start); a single-quoted or escaped $ in COPY is no reference
    assert got == [("DKR043", 4, 5), ("DKR043", 5, 25)]


def test_dkr029_and_dkr041_use_the_same_references() -> None:
    text = "ARG V=1\nFROM alpine:${V:-${TAG}}\nENV A=1 B=\\$A C='$A' D=${X:-$A}\n"
    got = lint_text(text, Kind.DOCKERFILE, select=["DKR029", "DKR041"])
    # $TAG nested in a default is an undeclared build argument; in the ENV only D uses $A
    assert got == [("DKR029", 3, 24), ("DKR041", 2, 6)]
