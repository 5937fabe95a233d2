"""Property tests: the suppression parser never raises and its code spans point into the comment."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from deploylint.models.base import Comment
from deploylint.source import SourceFile
from deploylint.suppress import apply, parse_suppressions
from tests.core.fakes import fake_registry

REG = fake_registry()
codes = st.sampled_from(["DKR901", "DL3007", "no-latest", "DKR999", "hardening", "x", "", "SC2086", "a,b"])
pragmas = st.one_of(
    st.builds(
        lambda cs, r: f" deploylint: ignore[{', '.join(cs)}] {r}", st.lists(codes, max_size=4), st.text(max_size=10)
    ),
    st.builds(lambda cs: f" deploylint: ignore-file[{','.join(cs)}]", st.lists(codes, max_size=3)),
    st.builds(lambda cs: f" hadolint ignore={','.join(cs)}", st.lists(codes, min_size=1, max_size=3)),
    st.builds(lambda cs: f" zizmor: ignore[{','.join(cs)}]", st.lists(codes, max_size=3)),
    st.text(max_size=40),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(pragmas, min_size=1, max_size=5), st.lists(st.text(alphabet="abc latest\t", max_size=12), max_size=5))
def test_parse_never_raises_and_spans_stay_in_comments(comment_texts: list[str], code_lines: list[str]) -> None:
    lines = [f"#{c}".replace("\n", " ").replace("\r", " ") for c in comment_texts] + [
        c.replace("\n", " ") for c in code_lines
    ]
    text = "\n".join(lines) + "\n"
    src = SourceFile(Path("Dockerfile"), text)
    comments = []
    for no, line in enumerate(lines, start=1):
        if line.startswith("#"):
            start = src.line_start(no)
            comments.append(Comment(src.span(start, start + len(line)), line[1:]))
    sups = parse_suppressions(src, comments, REG)
    for s in sups:
        for code in s.codes:
            assert code.span.start_line == s.comment.span.start_line
            assert s.comment.span.start_col <= code.span.start_col < code.span.end_col <= s.comment.span.end_col
            assert src.text[code.span.start_offset : code.span.end_offset] == code.text
    outcome = apply([], sups, {r.id for r in REG})
    assert outcome.kept == []
