"""The exported configuration object of a JavaScript file, read statically (never run).

tree-sitter (with the tree-sitter-javascript grammar; C, shipped as wheels, no evaluation of any
kind) parses the file; only what a configuration can state without running code is understood:

- object and array literals, strings (template strings without substitutions), numbers, booleans,
  ``null``/``undefined``;
- ``process.env.X`` / ``process.env["X"]`` (:class:`~deploylint.models.tree.YEnvRef`), and
  ``process.env.X || literal`` / ``?? literal`` (the literal is its default);
- identifiers bound by a top-level ``const``/``let``/``var`` to one of the above.

Everything else (calls, spreads, computed keys, functions, arithmetic) is
:class:`~deploylint.models.tree.YUnknown`, never guessed. A mapping with a spread or computed key
keeps it in ``odd_keys``: rules treat such a mapping as partial (the spread may supply any key).
The result is made of the nodes YAML and JSON are read into (:mod:`deploylint.models.tree`), so
one set of accessors serves ``ecosystem.config.js``, ``ecosystem.json`` and ``ecosystem.yaml``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from deploylint.models.base import Comment, Diagnostic
from deploylint.models.tree import YEnvRef, YMap, YNode, YPair, YScalar, YSeq, YUnknown
from deploylint.parsers._yaml import YamlDoc
from deploylint.source import SourceFile, Span

if TYPE_CHECKING:
    from tree_sitter import Node, Parser

MAX_DEPTH = 200
MAX_VALUES = 200_000
#: syntax nodes visited when collecting comments (a bomb's tree is not walked to its end)
MAX_NODES = 1_000_000
_STEP = 4096
_ESCAPES = re.compile(r"\\(.)", re.S)
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


class _TooLarge(Exception):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


if TYPE_CHECKING:

    class _JsNode(Protocol):
        """What the reader asks of a syntax node: a tree-sitter ``Node`` or a :class:`_Shorthand`."""

        @property
        def type(self) -> str: ...
        @property
        def start_byte(self) -> int: ...
        @property
        def end_byte(self) -> int: ...
        @property
        def named_child_count(self) -> int: ...
        @property
        def named_children(self) -> Sequence[_JsNode]: ...
        def child_by_field_name(self, name: str, /) -> _JsNode | None: ...


_PARSER: list[Parser] = []


def _parser() -> Parser:
    if not _PARSER:
        import tree_sitter
        import tree_sitter_javascript

        _PARSER.append(tree_sitter.Parser(tree_sitter.Language(tree_sitter_javascript.language())))
    return _PARSER[0]


class _Reader:
    def __init__(self, src: SourceFile, data: bytes) -> None:
        self.src = src
        self.data = data
        self.values = 0
        self.bindings: dict[str, _JsNode] = {}
        text = src.text
        # tree-sitter counts bytes; columns count code points. Checkpoints every _STEP characters
        # (their byte offsets) make a conversion decode at most one step of text
        self.ascii = text.isascii()
        self.checkpoints: list[int] = []
        if not self.ascii:
            byte = 0
            for i in range(0, len(text), _STEP):
                self.checkpoints.append(byte)
                byte += len(text[i : i + _STEP].encode("utf-8", "surrogatepass"))

    def offset(self, byte: int) -> int:
        if self.ascii:
            return byte
        k = bisect.bisect_right(self.checkpoints, byte) - 1
        start = self.checkpoints[k]
        return k * _STEP + len(self.data[start:byte].decode("utf-8", "replace"))

    def span(self, node: _JsNode) -> Span:
        return self.src.span(self.offset(node.start_byte), self.offset(node.end_byte))

    def raw(self, node: _JsNode) -> str:
        return str(self.data[node.start_byte : node.end_byte].decode("utf-8", "replace"))

    def unknown(self, node: _JsNode) -> YUnknown:
        return YUnknown(self.span(node), "js:unknown", None, str(node.type))

    def value(self, node: _JsNode, depth: int = 0) -> YNode:
        self.values += 1
        if self.values > MAX_VALUES:
            raise _TooLarge(f"the configuration has more than {MAX_VALUES:,} values; it was not read", node.start_byte)
        if depth > MAX_DEPTH:
            raise _TooLarge(f"the configuration nests more than {MAX_DEPTH} levels deep", node.start_byte)
        t = node.type
        if t == "parenthesized_expression" and node.named_child_count == 1:
            return self.value(node.named_children[0], depth + 1)
        if t == "object":
            return self.object(node, depth)
        if t == "array":
            items = tuple(self.value(c, depth + 1) for c in node.named_children if c.type != "comment")
            return YSeq(self.span(node), "js:array", None, items)
        if t in ("string", "template_string"):
            s = self.string(node)
            return s if s is not None else self.unknown(node)
        if t in ("number", "true", "false", "null"):
            return YScalar(self.span(node), "js:literal", None, self.raw(node), "")
        if t == "undefined" or (t == "identifier" and self.raw(node) == "undefined"):
            return YScalar(self.span(node), "js:literal", None, "null", "")
        if t == "unary_expression" and self.raw(node)[:1] in "-+" and node.named_child_count == 1:
            inner = node.named_children[0]
            if inner.type == "number":
                return YScalar(self.span(node), "js:literal", None, self.raw(node).replace(" ", ""), "")
        if t in ("member_expression", "subscript_expression"):
            env = self.env_name(node)
            if env is not None:
                return YEnvRef(self.span(node), "js:env", None, env)
        if t == "binary_expression":
            return self.default(node, depth)
        if t == "identifier":
            bound = self.bindings.pop(self.raw(node), None)  # popped: a binding cannot refer to itself
            if bound is not None:
                try:
                    return self.value(bound, depth + 1)
                finally:
                    self.bindings[self.raw(node)] = bound
        return self.unknown(node)

    def default(self, node: _JsNode, depth: int) -> YNode:
        op = node.child_by_field_name("operator")
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if op is None or left is None or right is None or op.type not in ("||", "??"):
            return self.unknown(node)
        lhs, rhs = self.value(left, depth + 1), self.value(right, depth + 1)
        if isinstance(lhs, YEnvRef) and lhs.default is None and isinstance(rhs, YScalar):
            return YEnvRef(self.span(node), "js:env", None, lhs.name, rhs)
        return self.unknown(node)

    def env_name(self, node: _JsNode) -> str | None:
        """``X`` of ``process.env.X`` or ``process.env["X"]``."""
        obj = node.child_by_field_name("object")
        if obj is None or obj.type != "member_expression" or self.raw(obj).replace(" ", "") != "process.env":
            return None
        if node.type == "member_expression":
            prop = node.child_by_field_name("property")
            return self.raw(prop) if prop is not None else None
        index = node.child_by_field_name("index")
        s = self.string(index) if index is not None and index.type == "string" else None
        return s.value if s is not None else None

    def string(self, node: _JsNode) -> YScalar | None:
        if node.type == "template_string" and any(c.type == "template_substitution" for c in node.named_children):
            return None
        raw = self.raw(node)
        body = raw[1:-1]
        if "\\" in body:
            if raw[0] == '"':
                import json

                try:
                    body = json.loads(raw)
                except ValueError:
                    body = _ESCAPES.sub(lambda m: _SIMPLE.get(m.group(1), m.group(1)), body)
            else:
                body = _ESCAPES.sub(lambda m: _SIMPLE.get(m.group(1), m.group(1)), body)
        return YScalar(self.span(node), "js:string", None, body, '"')

    def object(self, node: _JsNode, depth: int) -> YMap:
        pairs: list[YPair] = []
        odd: list[YNode] = []
        seen: set[str] = set()
        for c in node.named_children:
            if c.type == "comment":
                continue
            if c.type == "shorthand_property_identifier":
                name = self.raw(c)
                key = YScalar(self.span(c), "js:key", None, name, "")
                pairs.append(YPair(key, self.value(_Shorthand(c), depth + 1)))
                continue
            if c.type != "pair":
                odd.append(self.unknown(c))  # spread, method, computed key...
                continue
            k, v = c.child_by_field_name("key"), c.child_by_field_name("value")
            if k is None or v is None:
                continue
            if k.type in ("property_identifier", "number"):
                key = YScalar(self.span(k), "js:key", None, self.raw(k), "")
            elif k.type == "string" and (s := self.string(k)) is not None:
                key = s
            else:
                odd.append(self.unknown(c))
                continue
            if key.value in seen:  # the last one wins in JavaScript: keep it, as a partial map
                pairs = [p for p in pairs if p.key.value != key.value]
            seen.add(key.value)
            pairs.append(YPair(key, self.value(v, depth + 1)))
        return YMap(self.span(node), "js:object", None, tuple(pairs), tuple(odd))


class _Shorthand:
    """``{ name }``: read as the identifier ``name``."""

    def __init__(self, node: _JsNode) -> None:
        self._node = node
        self.type = "identifier"
        self.start_byte = node.start_byte
        self.end_byte = node.end_byte
        self.named_child_count = 0
        self.named_children: list[_JsNode] = []

    def child_by_field_name(self, _name: str, /) -> _JsNode | None:
        return None


def _first_error(root: Node) -> Node | None:
    stack = [root]
    while stack:
        n = stack.pop()
        if n.type == "ERROR" or n.is_missing:
            return n
        stack.extend(c for c in reversed(n.children) if c.has_error or c.is_missing)
    return None


def _comments(reader: _Reader, root: Node) -> list[Comment]:
    """``//`` and ``/* */`` comments, for suppressions. Each comment's span starts one character
    after its first ``/``, so that (as for ``#``) its text begins one character after the span."""
    out: list[Comment] = []
    cursor = root.walk()
    seen = 0
    while seen < MAX_NODES:
        seen += 1
        node = cursor.node
        if node is not None and node.type == "comment":
            start, end = reader.offset(node.start_byte), reader.offset(node.end_byte)
            text = reader.src.text[start + 2 : end]
            if reader.src.text.startswith("/*", start):
                text = text.removesuffix("*/")
            line, col = reader.src.position(start)
            trailing = bool(reader.src.line_text(line)[: col - 1].strip())
            out.append(Comment(reader.src.span(start + 1, end), text, trailing=trailing))
        elif cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return out
    return out


def _exported(reader: _Reader, root: Node) -> Node | None:
    """The node ``module.exports =`` or ``export default`` gives (the last one wins)."""
    found = None
    for stmt in root.named_children:
        t = stmt.type
        if t in ("lexical_declaration", "variable_declaration"):
            for d in stmt.named_children:
                name, value = d.child_by_field_name("name"), d.child_by_field_name("value")
                if d.type == "variable_declarator" and name is not None and value is not None:
                    if name.type == "identifier":
                        reader.bindings[reader.raw(name)] = value
        elif t == "expression_statement" and stmt.named_child_count == 1:
            e = stmt.named_children[0]
            if e.type == "assignment_expression":
                left = e.child_by_field_name("left")
                if left is not None and reader.raw(left).replace(" ", "") == "module.exports":
                    found = e.child_by_field_name("right")
        elif t == "export_statement" and any(c.type == "default" for c in stmt.children):
            value = stmt.child_by_field_name("value") or (stmt.named_children[-1] if stmt.named_children else None)
            found = value if value is not None else found
    return found


def load_js(src: SourceFile) -> YamlDoc:
    """The value a JavaScript configuration file exports, as nodes; never raises on bad input."""
    doc = YamlDoc(None)
    text = src.text
    if text.count(",") > 2 * MAX_VALUES:
        doc.errors.append(Diagnostic(f"the file has more than {MAX_VALUES:,} values; it was not read", src.span(0, 1)))
        return doc
    data = text.encode("utf-8", "surrogatepass")
    tree = _parser().parse(data)
    reader = _Reader(src, data)
    root = tree.root_node
    doc.comments = _comments(reader, root)
    if root.has_error:
        bad = _first_error(root)
        if bad is not None:
            what = f"missing {bad.type!r}" if bad.is_missing else "unexpected syntax"
            doc.errors.append(Diagnostic(f"JavaScript syntax error: {what}", reader.span(bad)))
            return doc
    exported = _exported(reader, root)
    if exported is None:
        return doc
    try:
        doc.root = reader.value(exported)
    except _TooLarge as exc:
        off = reader.offset(exc.offset)
        doc.errors.append(Diagnostic(str(exc), src.span(off, off + 1)))
    except RecursionError:
        doc.errors.append(Diagnostic("the configuration nests too deeply to read", src.span(0, 1)))
    return doc


__all__ = ["load_js"]
