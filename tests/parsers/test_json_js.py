"""The positioned JSON parser and the static JavaScript reader: node shapes and exact spans."""

from __future__ import annotations

from pathlib import Path

from deploylint.models.tree import YEnvRef, YMap, YScalar, YSeq, YUnknown
from deploylint.parsers._js import load_js
from deploylint.parsers._json import load_json
from deploylint.source import SourceFile, Span


def _src(text: str, name: str) -> SourceFile:
    return SourceFile(Path(name), text)


def _at(span: Span) -> tuple[int, int, int, int]:
    return span.start_line, span.start_col, span.end_line, span.end_col


def test_json_nodes_and_spans() -> None:
    doc = load_json(_src('{\n  "a": [1, true, null, "x\\u00e9"],\n  "ké": {"z": -2.5e3}\n}\n', "x.json"))
    assert doc.errors == []
    root = doc.root
    assert isinstance(root, YMap) and _at(root.span) == (1, 1, 4, 2)
    seq = root.get("a")
    assert isinstance(seq, YSeq) and _at(seq.span) == (2, 8, 2, 34)
    one, true, null, text = seq.items
    assert isinstance(one, YScalar) and one.as_int() == 1 and one.plain
    assert isinstance(true, YScalar) and true.as_bool() is True
    assert isinstance(null, YScalar) and null.is_null
    assert isinstance(text, YScalar) and text.value == "xé" and text.style == '"' and _at(text.span) == (2, 24, 2, 33)
    key = root.pairs[1].key
    assert key.value == "ké" and _at(key.span) == (3, 3, 3, 7)
    inner = root.get("ké")
    assert isinstance(inner, YMap)
    z = inner.get("z")
    assert isinstance(z, YScalar) and z.value == "-2.5e3"


def test_json_errors_are_positioned() -> None:
    cases = {
        '{"a": 1,}': ("JSON syntax error: expected a quoted key, found '}'", 1, 9),
        "{'a': 1}": ('JSON syntax error: expected a quoted key, found "\'"', 1, 2),
        '{"a": tru}': ("JSON syntax error: expected a JSON value, found 't'", 1, 7),
        '{"a": "x\ty"}': ("JSON syntax error: control character U+0009 inside a string (escape it)", 1, 9),
        '{"a": "\\x"}': ("JSON syntax error: invalid escape in a string", 1, 8),
        '{"a": 1} {}': ("JSON syntax error: unexpected '{' after the JSON value", 1, 10),
        '{"a": 1, "a": 2}': ("duplicate key 'a' (first defined at line 1)", 1, 10),
    }
    for text, (msg, line, col) in cases.items():
        doc = load_json(_src(text, "x.json"))
        assert [(e.message, e.span.start_line, e.span.start_col) for e in doc.errors] == [(msg, line, col)], text


def test_js_literals_env_and_unknowns() -> None:
    text = (
        "const port = 3000;\n"
        "module.exports = {\n"
        "  apps: [{ name: 'api', 'exec_mode': `cluster`, n: -1, port,\n"
        "    i: process.env.WEB_CONCURRENCY || 'max', j: process.env['X'], k: f(), ...rest }],\n"
        "};\n"
    )
    doc = load_js(_src(text, "ecosystem.config.js"))
    assert doc.errors == []
    root = doc.root
    assert isinstance(root, YMap)
    apps = root.get("apps")
    assert isinstance(apps, YSeq)
    app = apps.items[0]
    assert isinstance(app, YMap) and [p.key.value for p in app.pairs] == [
        "name",
        "exec_mode",
        "n",
        "port",
        "i",
        "j",
        "k",
    ]
    name = app.get("name")
    assert isinstance(name, YScalar) and name.value == "api" and _at(name.span) == (3, 18, 3, 23)
    mode = app.get("exec_mode")
    assert isinstance(mode, YScalar) and mode.value == "cluster"
    n, port = app.get("n"), app.get("port")
    assert isinstance(n, YScalar) and n.value == "-1"
    assert isinstance(port, YScalar) and port.value == "3000" and _at(port.span) == (1, 14, 1, 18)  # the binding
    i = app.get("i")
    assert isinstance(i, YEnvRef) and i.name == "WEB_CONCURRENCY" and i.default is not None
    assert i.default.value == "max" and _at(i.default.span) == (4, 39, 4, 44)
    j = app.get("j")
    assert isinstance(j, YEnvRef) and j.name == "X" and j.default is None
    k = app.get("k")
    assert isinstance(k, YUnknown) and k.what == "call_expression"
    assert [type(o).__name__ for o in app.odd_keys] == ["YUnknown"]  # the spread: a partial mapping


def test_js_export_default_and_comments() -> None:
    text = "// top\nexport default { apps: [] }; /* tail */\n"
    doc = load_js(_src(text, "ecosystem.config.mjs"))
    assert isinstance(doc.root, YMap) and doc.root.get("apps") is not None
    assert [(c.text, c.trailing, c.span.start_line, c.span.start_col) for c in doc.comments] == [
        (" top", False, 1, 2),
        (" tail ", True, 2, 31),
    ]


def test_js_without_an_exported_literal_is_unknown_not_an_error() -> None:
    doc = load_js(_src("module.exports = require('./config')(process.env);\n", "ecosystem.config.js"))
    assert doc.errors == [] and isinstance(doc.root, YUnknown)
    doc = load_js(_src("console.log('no export');\n", "ecosystem.config.js"))
    assert doc.errors == [] and doc.root is None
