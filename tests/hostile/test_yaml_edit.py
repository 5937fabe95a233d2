"""deploylint.yaml_edit on hostile YAML: every edit either applies and the edited text re-parses with
exactly the intended change, or is declined (None). It never raises.

The documents are small and generated with odd layouts: indentation of 1 to 4 blanks, flow and
block collections, comments and blank lines, null values, anchors and aliases, quoted keys, CRLF
line endings, a final newline or none, document markers, and text cut at a random point.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from deploylint.findings import Edit
from deploylint.fix import apply_edits
from deploylint.models.tree import YMap, YNode, YScalar, YSeq
from deploylint.parsers._yaml import load_yaml, to_python
from deploylint.source import SourceFile
from deploylint.yaml_edit import add_entry, append_item, content_end, delete_pair, replace_scalar

_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

Step = tuple[str, int | str]  # ("k", key) in a mapping or ("i", index) in a sequence


# --- generated documents -----------------------------------------------------------------------
_keys = st.sampled_from(["version", "services", "web", "image", "a", "b", "env", "x-y", '"q k"', "'s'", "1"])
_scalars = st.sampled_from(["1", "nginx:1.27", '"3.8"', "'x'", "", "~", "null", "a b", '"a\\tb"', "|\n  text", "&v 7"])
_comment = st.sampled_from(["", "", " # c", "  #x"])


@st.composite
def _tree(draw: st.DrawFn, depth: int = 0) -> object:
    kind = draw(st.sampled_from(["scalar", "map", "seq"] if depth < 3 else ["scalar"]))
    if kind == "scalar":
        return draw(_scalars)
    n = draw(st.integers(0, 3))
    if kind == "map":
        keys = draw(st.lists(_keys, min_size=n, max_size=n, unique=True))
        return {k: draw(_tree(depth + 1)) for k in keys}
    return [draw(_tree(depth + 1)) for _ in range(n)]


@st.composite
def _render(draw: st.DrawFn, node: object, indent: int, step: int) -> list[str]:
    """Lines for ``node`` as a block value at ``indent`` (flow style chosen at random)."""
    if isinstance(node, str):
        return [node]
    flow = draw(st.booleans()) if draw(st.integers(0, 3)) == 0 else False
    if flow or not node:
        if isinstance(node, dict):
            inner = ", ".join(f"{k}: {_flat(v)}" for k, v in node.items())
            return ["{" + inner + "}"]
        assert isinstance(node, list)
        return ["[" + ", ".join(_flat(v) for v in node) + "]"]
    pad = " " * indent
    out: list[str] = []
    if isinstance(node, dict):
        for k, v in node.items():
            sub = draw(_render(v, indent + step, step))
            head = f"{pad}{k}:"
            if isinstance(v, str) or sub[0][:1] in ("{", "["):
                out.append(f"{head} {sub[0]}{draw(_comment)}" if sub[0] else head)
                out += [f"{pad}{' ' * step}{s}" if not s.startswith(" ") else s for s in sub[1:]]
            else:
                out.append(f"{head}{draw(_comment)}")
                out += sub
            if draw(st.integers(0, 5)) == 0:
                out.append(draw(st.sampled_from(["", f"{pad}# note", "#", " "])))
        return out
    assert isinstance(node, list)
    dash_pad = pad if draw(st.booleans()) else " " * max(indent - step, 0)
    for v in node:
        sub = draw(_render(v, len(dash_pad) + 2, step))
        if isinstance(v, str) or sub[0][:1] in ("{", "["):
            out.append(f"{dash_pad}- {sub[0]}".rstrip())
            out += [f"{dash_pad}  {s}" for s in sub[1:]]
        else:
            out.append(f"{dash_pad}-")
            out += sub
    return out


def _flat(v: object) -> str:
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {_flat(x)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(_flat(x) for x in v) + "]"
    assert isinstance(v, str)
    return "x" if v.startswith(("|", "&")) else v or '""'


@st.composite
def documents(draw: st.DrawFn) -> str:
    tree = draw(_tree())
    step = draw(st.integers(1, 4))
    lines = draw(_render(tree, 0, step))
    if draw(st.booleans()):
        lines.insert(0, draw(st.sampled_from(["---", "# head", "%YAML 1.1\n---", "", "x-base: &b {a: 1}"])))
    if draw(st.integers(0, 4)) == 0:
        lines.append(draw(st.sampled_from(["---", "...", "--- {a: 1}", "version: *b", "<<: *b"])))
    nl = draw(st.sampled_from(["\n", "\n", "\r\n"]))
    text = nl.join(lines) + draw(st.sampled_from(["", nl, nl + nl, " "]))
    if draw(st.integers(0, 5)) == 0:
        text = text[: draw(st.integers(0, len(text)))]
    if draw(st.integers(0, 6)) == 0:
        text = text.replace("  ", "\t", 1)
    return text


# --- the property --------------------------------------------------------------------------
def _source(text: str) -> SourceFile:
    return SourceFile(Path("compose.yaml"), text)


def _walk(node: YNode, path: tuple[Step, ...] = ()) -> Iterator[tuple[tuple[Step, ...], YNode]]:
    stack: list[tuple[tuple[Step, ...], YNode]] = [(path, node)]
    seen: set[int] = set()
    while stack:
        p, n = stack.pop()
        if id(n) in seen:
            continue
        seen.add(id(n))
        yield p, n
        if isinstance(n, YMap):
            stack += [((*p, ("k", pair.key.value)), pair.value) for pair in n.pairs]
        elif isinstance(n, YSeq):
            stack += [((*p, ("i", i)), item) for i, item in enumerate(n.items)]


def _at(data: object, path: tuple[Step, ...]) -> object:
    for kind, step in path:
        if kind == "k":
            assert isinstance(data, dict)
            data = data[step]
        else:
            assert isinstance(data, list) and isinstance(step, int)
            data = data[step]
    return data


def _norm(data: object) -> object:
    """An empty collection and null mean the same here (a key whose last entry went is null)."""
    if isinstance(data, dict):
        return {k: _norm(v) for k, v in data.items()} or None
    if isinstance(data, list):
        return [_norm(v) for v in data] or None
    return data


def _reparse(src: SourceFile, edit: Edit) -> object:
    assert edit.span.start_offset <= edit.span.end_offset <= len(src.text), edit
    new = apply_edits(src.text, [edit])
    doc = load_yaml(_source(new))
    assert doc.errors == [], (src.text, new, doc.errors)
    return to_python(doc.root)


def _parsed(text: str) -> tuple[SourceFile, YNode] | None:
    src = _source(text)
    doc = load_yaml(src)
    if doc.errors or doc.root is None:
        return None
    return src, doc.root


def check_edits(text: str) -> None:
    got = _parsed(text)
    if got is None:
        return
    src, root = got
    before = to_python(root)
    aliased = "*" in text  # a change to an anchored node shows at its aliases too
    for path, node in list(_walk(root)):
        content_end(src, node)  # never raises, and stays inside the text
        assert 0 <= content_end(src, node) <= len(src.text)
        if isinstance(node, YMap):
            for pair in node.pairs:
                edit = delete_pair(src, pair)
                if edit is not None and not aliased:
                    want = _at(before, path)
                    assert isinstance(want, dict)
                    after = _reparse(src, edit)
                    expect = dict(want)
                    del expect[pair.key.value]
                    assert _norm(_at(after, path) if path else after) == _norm(expect), (text, path, pair.key.value)
            keys = [p.key.value for p in node.pairs]
            for kw in ({}, {"after": keys[0]} if keys else {}, {"before": keys[-1]} if keys else {}):
                for key in ("env", "zz"):
                    edit = add_entry(node, src, key, "nk: nv", **kw)
                    if edit is not None and not aliased:
                        after = _reparse(src, edit)
                        got_map = _at(after, path)
                        assert isinstance(got_map, dict), (text, got_map)
                        old = _at(before, path)
                        assert isinstance(old, dict)
                        inner = old.get(key)
                        assert _norm(got_map[key]) == _norm({"nk": "nv", **(inner if isinstance(inner, dict) else {})})
                        rest = {k: v for k, v in got_map.items() if k != key}
                        assert _norm(rest) == _norm({k: v for k, v in old.items() if k != key}), (text, after)
        elif isinstance(node, YSeq):
            edit = append_item(src, node, "zz")
            if edit is not None and not aliased:
                after = _reparse(src, edit)
                old = _at(before, path)
                assert isinstance(old, list)
                assert _at(after, path) == [*old, "zz"], (text, after)
        elif isinstance(node, YScalar) and node.value and path:
            edit = replace_scalar(src, node, node.value[:1], "Q")
            if edit is not None and not aliased:
                after = _reparse(src, edit)
                assert _at(after, path) == "Q" + node.value[1:], (text, after)


@_SETTINGS
@given(documents())
@example("version:\n  x:")
@example("version:\n  x:\n")
@example("services:\n  web:\n    image: nginx\nversion:\n  x:")
@example("version: '3'\r\nservices: {}")
@example("{\na: 1,\nb: 2\n}")
@example("a:\n- 1\n- 2")
@example("services:\n- |\n  text")  # a block scalar on the last line, no line break: declined
@example("services:\n- |+\n  text\n\n\nx: 1\n")  # kept trailing lines: declined
def test_yaml_edits_apply_exactly_or_are_declined(text: str) -> None:
    check_edits(text)


@_SETTINGS
@given(documents())
def test_top_level_delete_as_cmp009_makes_it(text: str) -> None:
    """CMP009's fix: the top-level ``version`` pair's lines go, and nothing else changes."""
    text = text if "version" in text else "version: '3'\n" + text
    got = _parsed(text)
    if got is None or not isinstance(got[1], YMap) or "*" in text:
        return
    src, root = got
    pair = root.pair("version")
    edit = delete_pair(src, pair) if pair is not None else None
    if edit is None:
        return
    before = to_python(root)
    assert isinstance(before, dict)
    assert _norm(_reparse(src, edit)) == _norm({k: v for k, v in before.items() if k != "version"}), text


def test_span_at_the_end_of_the_text_stays_inside_it() -> None:
    """The root cause of the CMP009 traceback: a null value at the very end of a text without a
    final newline got a span one character past the text."""
    src = _source("version:\n  x:")
    root = load_yaml(src).root
    assert isinstance(root, YMap)
    inner = root.pairs[0].value
    assert isinstance(inner, YMap)
    null = inner.pairs[0].value
    assert (null.span.start_offset, null.span.end_offset) == (13, 13)
    assert (null.span.start_line, null.span.start_col, null.span.end_line, null.span.end_col) == (2, 5, 2, 5)
    assert content_end(src, root) == 13
    edit = delete_pair(src, root.pairs[0])
    assert edit is not None
    assert (edit.span.start_offset, edit.span.end_offset, edit.text) == (0, 13, "")
