"""The YAML layer's fast paths agree with the slow ones.

Spans come from libyaml's line/column marks when the text allows it, and node memoisation plus the
alias-bomb count run only when an alias pre-check matches. Both are checked here against the
offset-based spans and against libyaml's own view of which documents hold aliases.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from deploylint.parsers import _yaml
from deploylint.parsers._yaml import load_yaml, walk
from deploylint.source import SourceFile, Span

_PIECES = [
    "a: 1",
    'b: "x # not a comment"',
    "c: 'é ü 中文 😀'",
    "d:\n  - one\n  - two  # trailing",
    "e: |\n  line one\n  line # two\n",
    "f: >-\n  folded\n  text",
    "g: {k: v, n: [1, 2]}",
    "h: [x, \"y\", 'z']",
    "i:\n  j:\n    k: deep",
    "# a comment line",
    "",
    "l: \t tabbed",
]


def _spans(text: str, trust: bool) -> list[Span]:
    original = _yaml._Builder.__init__

    def init(self: _yaml._Builder, src: SourceFile) -> None:
        original(self, src)
        if not trust:
            self.tail = -1  # no span from marks: every span from offsets

    _yaml._Builder.__init__ = init  # type: ignore[method-assign]
    try:
        doc = load_yaml(SourceFile(Path("x.yaml"), text))
    finally:
        _yaml._Builder.__init__ = original  # type: ignore[method-assign]
    return [n.span for n in walk(doc.root)] + [e.span for e in doc.errors] + [c.span for c in doc.comments]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(_PIECES), min_size=1, max_size=8),
    st.sampled_from(["\n", "\r\n"]),
    st.booleans(),
)
def test_spans_from_marks_equal_spans_from_offsets(pieces: list[str], newline: str, final: bool) -> None:
    text = newline.join(p.replace("\n", newline) for p in pieces) + (newline if final else "")
    assert _spans(text, True) == _spans(text, False)


_ALIAS_DOCS = [
    "a: &x 1\nb: *x\n",
    "a: &x [1]\nb: [*x, *x]\n",
    "a: &x 1\nb: [1,*x]\n",
    "a: &x 1\nb: {k: *x}\n",
    'a: &x 1\nb: {"k":*x}\n',
    "a: &x 1\nb:\n  - *x\n",
    "a: &x 1\n*x : v\n",
    "a: &x 1\nb:\t*x\n",
    "- &x 1\n- *x\n",
    "a: &x 1\nb: [\n  *x]\n",
]


@pytest.mark.parametrize("text", _ALIAS_DOCS)
def test_every_alias_spelling_is_seen_by_the_precheck(text: str) -> None:
    events = list(yaml.parse(text, Loader=yaml.CSafeLoader))
    assert any(isinstance(e, yaml.AliasEvent) for e in events)
    assert _yaml._ALIAS.search(text) is not None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab*&:,[]{}\"' -\n\t#x1", max_size=40))
def test_no_alias_goes_unseen(text: str) -> None:
    try:
        events = list(yaml.parse(text, Loader=yaml.CSafeLoader))
    except yaml.YAMLError:
        return
    if any(isinstance(e, yaml.AliasEvent) for e in events):
        assert _yaml._ALIAS.search(text) is not None
