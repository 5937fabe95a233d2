"""The shared YAML layer under resource bombs: exact diagnostics, bounded time and memory."""

from __future__ import annotations

from pathlib import Path

import pytest

from deploylint.models.tree import YMap, YSeq
from deploylint.parsers._yaml import MAX_DEPTH, MAX_TOKENS, load_yaml
from deploylint.source import SourceFile
from tests.hostile.conftest import bounded, measured


def _load(text: str):  # type: ignore[no-untyped-def]
    return load_yaml(SourceFile(Path("compose.yaml"), text))


def _errors(doc) -> list[tuple[int, int, str]]:  # type: ignore[no-untyped-def]
    return [(e.span.start_line, e.span.start_col, e.message) for e in doc.errors]


_LIBYAML_DEPTH = "YAML syntax error: while increasing flow level exceeded maximum nesting depth"


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    lines = ['a0: &a0 ["lol"]']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_quickly() -> None:
    with bounded(2, 20):
        doc = _load(billion_laughs())
    assert doc.root is None
    assert _errors(doc) == [(7, 5, "YAML expands to more than 1,000,000 nodes through aliases (an alias bomb?)")]


def test_shared_aliases_below_the_bound_are_fine() -> None:
    doc = _load(billion_laughs(levels=3, width=5))
    assert doc.errors == [] and isinstance(doc.root, YMap)


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("flow", "[" * 10_000 + "]" * 10_000, (1, 1001, _LIBYAML_DEPTH)),
        ("flow-map", "{a: " * 10_000 + "}" * 10_000, (1, 4001, _LIBYAML_DEPTH)),
        ("flow-500", "[" * 500 + "]" * 500, (1, MAX_DEPTH + 2, f"YAML nests more than {MAX_DEPTH} levels deep")),
        (
            "block-seq",
            "- " * 10_000 + "x\n",
            (1, 1999, "YAML syntax error: while increasing block level exceeded maximum nesting depth"),
        ),
        ("block-map", "".join(" " * i + "a:\n" for i in range(10_000)), None),
    ],
)
def test_deep_nesting(name: str, text: str, expected: tuple[int, int, str] | None) -> None:
    with bounded(5, 120):
        doc = _load(text)
    errs = _errors(doc)
    assert len(errs) == 1
    if expected is not None:
        assert errs[0] == expected
    else:
        assert "nest" in errs[0][2]


def test_just_under_the_depth_limit_parses() -> None:
    depth = MAX_DEPTH - 5
    text = "".join(" " * i + "a:\n" for i in range(depth)) + " " * depth + "leaf\n"
    doc = _load(text)
    assert doc.errors == []
    node = doc.root
    for _ in range(depth):
        assert isinstance(node, YMap)
        node = node.pairs[0].value


def test_too_many_tokens_are_refused_before_composing() -> None:
    with bounded(2, 40):
        doc = _load("[" + "a," * (MAX_TOKENS + 1) + "]\n")
    assert doc.root is None
    assert _errors(doc) == [
        (1, 1, f"YAML has more than {MAX_TOKENS:,} lines and flow items; it was not parsed (a resource bomb?)")
    ]


def test_50k_services_parse_within_bounds() -> None:
    code = """
import gc
from pathlib import Path
from deploylint.parsers._yaml import load_yaml
from deploylint.source import SourceFile
text = "services:\\n" + "".join(f"  s{i}:\\n    image: x\\n" for i in range(50_000))
gc.disable()  # as the engine does while it parses
doc = load_yaml(SourceFile(Path("compose.yaml"), text))
result = [len(doc.errors), len(doc.root.get("services").pairs)]
"""
    assert measured(code, 60, 1500) == [0, 50_000]


def test_crlf_and_bom_positions() -> None:
    doc = load_yaml(SourceFile(Path("c.yaml"), "a: 1\r\nb:\r\n  - x  # note\r\n  - y\r\n"))
    assert isinstance(doc.root, YMap)
    seq = doc.root.get("b")
    assert isinstance(seq, YSeq)
    item = seq.items[1]
    assert (item.span.start_line, item.span.start_col, item.span.end_line, item.span.end_col) == (4, 5, 4, 6)
    assert [(c.span.start_line, c.span.start_col, c.text) for c in doc.comments] == [(3, 8, " note")]


def test_duplicate_keys_at_scale() -> None:
    code = """
import gc
from pathlib import Path
from deploylint.parsers._yaml import load_yaml
from deploylint.source import SourceFile
gc.disable()
doc = load_yaml(SourceFile(Path("compose.yaml"), "a: 1\\n" * 50_000))
e = doc.errors[0]
result = [len(doc.errors), e.span.start_line, e.span.start_col, e.message]
"""
    assert measured(code, 20, 800) == [49_999, 2, 1, "duplicate key 'a' (first defined at line 1)"]


def test_without_libyaml_the_bracket_precheck_guards_the_python_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    with bounded(5, 50):
        doc = _load("a: " + "[" * 10_000 + "]" * 10_000 + "\n")
    assert _errors(doc) == [(1, MAX_DEPTH + 4, f"YAML nests more than {MAX_DEPTH} levels deep")]
