from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deploylint.expressions import (
    Binary,
    Call,
    Lit,
    attacker_controlled,
    find_expressions,
    flowing,
    is_safe,
    parse_expression,
    path_of,
    refs,
)
from deploylint.models.workflow import make_str
from deploylint.source import SourceFile


def paths(text: str) -> list[tuple[str, ...]]:
    node, err, _ = parse_expression(text)
    assert err is None, err
    assert node is not None
    return [p for p, _ in refs(node)]


def test_parse_operators_and_precedence() -> None:
    node, err, _ = parse_expression("a.b == 'x' || !c && d[0]")
    assert err is None
    assert isinstance(node, Binary) and node.op == "||"
    assert isinstance(node.right, Binary) and node.right.op == "&&"


def test_literals() -> None:
    for text, kind in (
        ("null", "null"),
        ("true", "bool"),
        ("0x1F", "number"),
        ("-1.5e3", "number"),
        ("'it''s'", "string"),
    ):
        node, err, _ = parse_expression(text)
        assert err is None and isinstance(node, Lit) and node.kind == kind
    node, _, _ = parse_expression("'it''s'")
    assert isinstance(node, Lit) and node.value == "it's"


def test_paths_index_filter_and_calls() -> None:
    assert paths("github['event']['issue']['title']") == [("github", "event", "issue", "title")]
    assert paths("github.event.*.body") == [("github", "event", "*", "body")]
    assert paths("contains(github.event.labels.*.name, 'x')") == [("github", "event", "labels", "*", "name")]
    assert paths("secrets[inputs.name]") == [("secrets", "[]"), ("inputs", "name")]
    node, _, _ = parse_expression("format('{0}', github.sha)")
    assert isinstance(node, Call) and node.lname == "format"


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ('"double"', "single quotes"),
        ("a +", "unexpected character"),
        ("f(a,", "unexpected end"),
        ("a.", "property name"),
        ("", "empty"),
    ],
)
def test_errors(text: str, error: str) -> None:
    node, err, _ = parse_expression(text)
    assert node is None and err is not None and error in err


def test_find_expressions_offsets_and_unclosed() -> None:
    text = "a ${{ x.y }} b ${{ '}}' }} ${{ oops"
    found = find_expressions(text)
    assert [(e.start, e.end) for e in found[:2]] == [(2, 12), (15, 26)]
    assert found[1].error is None
    assert found[2].error is not None and "never closed" in found[2].error


def test_flowing_excludes_boolean_results() -> None:
    def flows(t: str) -> list[tuple[str, ...]]:
        node, _, _ = parse_expression(t)
        assert node is not None
        return [p for p, _ in flowing(node)]

    assert flows("github.event.issue.title == 'x'") == []
    assert flows("contains(github.event.issue.title, 'x')") == []
    assert flows("github.event.issue.title || 'x'") == [("github", "event", "issue", "title")]
    assert flows("format('{0}', github.head_ref)") == [("github", "head_ref")]
    assert flows("fromJSON(steps.x.outputs.y).z") == [("steps", "x", "outputs", "y")]


def test_taint() -> None:
    assert attacker_controlled(("github", "event", "pull_request", "title"))
    assert attacker_controlled(("github", "head_ref"))
    assert attacker_controlled(("github", "event", "commits", "*", "message"))
    assert attacker_controlled(("github", "event", "*", "body"))
    assert not attacker_controlled(("github", "event", "pull_request", "head", "sha"))
    assert is_safe(("github", "event", "pull_request", "head", "sha"))
    assert is_safe(("github", "sha"))
    assert is_safe(("steps", "build", "outcome"))
    assert is_safe(("github", "event", "pull_request", "head", "repo", "fork"))
    assert not is_safe(("github", "event", "pull_request", "title"))
    assert not is_safe(("inputs", "x"))


def _src(text: str) -> SourceFile:
    return SourceFile(Path("x.yml"), text)


@pytest.mark.parametrize(
    "yaml_value",
    [
        "key: |\n  echo ${{ github.head_ref }}\n  more\n",
        "key: |-\n    first\n    echo ${{ github.head_ref }}\n",
        "key: >\n  folded\n  echo ${{ github.head_ref }}\n",
        'key: "quoted \\t ${{ github.head_ref }}"\n',
        "key: 'it''s ${{ github.head_ref }}'\n",
        "key: plain\n  continued ${{ github.head_ref }}\n",
        "key: ${{ github.head_ref }}\n",
    ],
)
def test_positions_inside_scalars(yaml_value: str) -> None:
    from deploylint.models.tree import YMap, YScalar
    from deploylint.parsers._yaml import load_yaml

    src = _src(yaml_value)
    doc = load_yaml(src)
    assert isinstance(doc.root, YMap)
    node = doc.root.get("key")
    assert isinstance(node, YScalar)
    s = make_str(node.value, node.span, node.style)
    (e,) = s.exprs
    assert e.node is not None
    span = s.node_span(e.node)
    assert src.text[span.start_offset : span.end_offset] == "github.head_ref"
    want = src.text.index("github.head_ref")
    assert src.position(want) == (span.start_line, span.start_col)


def test_positions_list_matches_characters() -> None:
    from deploylint.models.tree import YMap, YScalar
    from deploylint.parsers._yaml import load_yaml

    src = _src("run: |\n  echo a\n    b\n\n  c\n")
    doc = load_yaml(src)
    assert isinstance(doc.root, YMap)
    node = doc.root.get("run")
    assert isinstance(node, YScalar)
    s = make_str(node.value, node.span, node.style)
    pos = s.positions()
    assert len(pos) == len(s.value)
    for i, ch in enumerate(s.value):
        assert src.text[pos[i]] == ch


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abc.*[]()'\"!=<>&|, 0123456789x_-{}$", max_size=60))
def test_expression_parser_never_raises(text: str) -> None:
    node, err, _at = parse_expression(text)
    assert (node is None) == (err is not None)
    for e in find_expressions("${{" + text + "}}" + text):
        if e.node is not None:
            list(refs(e.node))
            list(flowing(e.node))
            for p, _ in refs(e.node):
                attacker_controlled(p)
                is_safe(p)
                assert p == path_of(_)


@pytest.mark.parametrize(
    ("body", "value"),
    [
        ("false", False),
        ("''", ""),
        ("0", 0.0),
        ("null", None),
        ("!''", True),
        ("fromJSON('false')", False),
        ("fromJSON('[1]')", [1.0]),
        ("format('{0}-{1}', 'a', 1)", "a-1"),
        ("format('{{0}}', '')", "{0}"),
        ("true && '' || 'bar'", "bar"),
        ("false || 0", 0.0),
        ("'A' == 'a'", True),
        ("case(false, 'x', 'y')", "y"),
    ],
)
def test_constant_value(body: str, value: object) -> None:
    from deploylint.expressions import constant_value

    node, err, _at = parse_expression(body)
    assert err is None and node is not None
    assert constant_value(node) == value


@pytest.mark.parametrize("body", ["foo", "github.ref == 'x'", "success()", "foo && ''", "fromJSON(vars.x)", "1 == '1'"])
def test_constant_value_unknown(body: str) -> None:
    from deploylint.expressions import UNKNOWN, constant_value

    node, err, _at = parse_expression(body)
    assert err is None and node is not None
    assert constant_value(node) is UNKNOWN


@pytest.mark.parametrize(
    ("value", "want"),
    [
        (None, False),
        (False, False),
        (0.0, False),
        (float("nan"), False),
        ("", False),
        ("0", True),
        ([], True),
        ({}, True),
        (1.0, True),
    ],
)
def test_truthy(value: object, want: bool) -> None:
    from deploylint.expressions import truthy

    assert truthy(value) is want
