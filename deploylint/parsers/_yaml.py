"""Position-preserving YAML, shared by Compose and GitHub Actions.

PyYAML's composer (libyaml's C implementation when available) builds a node graph with line and
column marks; it never constructs Python objects from tags, so ``!!python/object`` is just a tag
here. We turn that graph into the positioned nodes of :mod:`deploylint.models.tree`, with exact
spans:

- aliases share the node they point to (no expansion), and the *expanded* size (nodes, and scalar
  characters) is computed with memoisation, so an alias bomb ("billion laughs", or one large
  anchored string used many times) is refused quickly in bounded memory;
- merge keys (``<<: *base``) are resolved into each mapping's ``pairs``: explicit keys win, and a
  merged value keeps the span where it is written;
- duplicate keys and syntax errors become diagnostics at their positions;
- comments (which YAML parsers drop) are recovered for suppressions.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import field
from typing import TYPE_CHECKING, TypeAlias

from deploylint.models.base import Comment, Diagnostic
from deploylint.models.tree import YMap, YNode, YPair, YScalar, YSeq
from deploylint.records import record
from deploylint.source import SourceFile, Span

if TYPE_CHECKING:
    from yaml import CSafeLoader, Mark, Node, SafeLoader

    from deploylint.json_types import JSON

    #: the safe loader, libyaml's or PyYAML's own
    _SafeLoader: TypeAlias = type[CSafeLoader] | type[SafeLoader]

MAX_EXPANDED_NODES = 1_000_000
#: scalar characters after alias expansion: four times the largest file read (5 MB), so only a
#: text that repeats a large anchored value many times (1 MB used by 1,000 services) reaches it
MAX_EXPANDED_CHARS = 20_000_000
#: nesting limit: real files stay far below; it leaves Python stack for the kinds' own walks
MAX_DEPTH = 200
#: lines plus flow commas, a cheap bound on the node count checked before composing (memory)
MAX_TOKENS = 400_000


@record(frozen=False, slots=False)
class YamlDoc:
    root: YNode | None
    errors: list[Diagnostic] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)


def to_python(node: YNode | None, *, budget: list[int] | None = None) -> JSON:
    """Plain Python data (str scalars, lists, dicts) for a node; aliases are expanded."""
    if node is None:
        return None
    if isinstance(node, YScalar):
        return None if node.is_null else node.value
    if isinstance(node, YSeq):
        return [to_python(i) for i in node.items]
    if isinstance(node, YMap):
        return {p.key.value: to_python(p.value) for p in node.pairs}
    return None


_FLOW_DEPTH = re.compile(r"[\[\]{}]")
#: what could be an alias: ``*name`` at a line start or after a blank, a flow indicator or a ``:``
#: (``{"a":*x}``). A superset is fine (it only costs the memo and the expansion count); missing one
#: would skip the alias-bomb check, so tests/hostile covers the spellings.
_ALIAS = re.compile(r"(?:^|[\s\[{,:])\*[^\s*,\]}'\"]", re.M)


def _too_deep(text: str) -> int | None:
    """Offset where flow nesting passes MAX_DEPTH (a cheap pre-check that keeps libyaml safe)."""
    depth = 0
    for m in _FLOW_DEPTH.finditer(text):
        if m.group() in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return m.start()
        elif depth:
            depth -= 1
    return None


#: line breaks libyaml counts that our line index (``\n`` only) does not
_OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029")


_ANCHOR = re.compile(r"[^\s,\[\]{}]+")


class _Builder:
    def __init__(self, src: SourceFile) -> None:
        import yaml

        self.src = src
        self.memo: dict[int, YNode] = {}
        self.size: dict[int, tuple[int, int]] = {}
        self.errors: list[Diagnostic] = []
        #: the collections being built (by identity): an alias to one of them is recursive
        self.building: set[int] = set()
        self.scalar_spans: list[tuple[int, int]] = []
        self.scalar_node = yaml.ScalarNode
        self.sequence_node = yaml.SequenceNode
        #: the text may hold aliases: nodes can be shared, so built nodes are memoised by identity
        self.aliases = True
        # libyaml's marks carry 0-based line and column in code points. They agree with our line
        # index up to ``tail``: everywhere, except at the end of a text without a final newline
        # (libyaml counts one more line there), and nowhere when the text has line breaks other
        # than LF (tail -1: every span is computed from offsets)
        text = src.text
        if any(b in text for b in _OTHER_BREAKS):
            self.tail = -1
        else:
            self.tail = len(text) if text.endswith("\n") else len(text) - 1

    def span(self, start: Mark, end: Mark) -> Span:
        si = start.index
        ei = end.index
        if si < ei <= self.tail:
            return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1, si, ei, file=self.src)
        return self.src.span(si, max(ei, si + 1))

    def expanded(self, node: Node, depth: int = 0) -> tuple[int, int]:
        """The nodes and scalar characters ``node`` stands for with every alias expanded."""
        key = id(node)
        cached = self.size.get(key)
        if cached is not None:
            return cached
        if depth > MAX_DEPTH:
            raise _TooLarge(f"YAML nests more than {MAX_DEPTH} levels deep", node)
        self.size[key] = (1, 0)  # provisional, breaks recursive aliases
        nodes, chars = 1, 0
        value = node.value
        if isinstance(value, list):
            for item in value:
                for part in item if isinstance(item, tuple) else (item,):
                    n, c = self.expanded(part, depth + 1)
                    nodes += n
                    chars += c
                if nodes > MAX_EXPANDED_NODES:
                    raise _TooLarge(
                        f"YAML expands to more than {MAX_EXPANDED_NODES:,} nodes through aliases (an alias bomb?)", node
                    )
                if chars > MAX_EXPANDED_CHARS:
                    raise _TooLarge(
                        f"YAML expands to more than {MAX_EXPANDED_CHARS:,} characters through aliases (an alias bomb?)",
                        node,
                    )
        else:
            chars = len(value)
        self.size[key] = (nodes, chars)
        return nodes, chars

    def build(self, node: Node, depth: int = 0) -> YNode:
        # hot: one call per YAML node of every compose file and workflow
        memo = self.memo
        if self.aliases:
            done = memo.get(id(node))
            if done is not None:
                if id(node) in self.building:
                    self.recursive(done)
                return done
        if depth > MAX_DEPTH:
            raise _TooLarge(f"YAML nests more than {MAX_DEPTH} levels deep", node)
        span = self.span(node.start_mark, node.end_mark)
        # an anchored node's span starts at its ``&name`` (the parser's marks include it)
        anchor = self.anchor(span.start_offset) if self.aliases else None
        out: YNode
        if node.__class__ is self.scalar_node:
            style = node.style or ""
            out = YScalar(span, node.tag, anchor, node.value, style)
            if style:
                start = span.start_offset
                if style in ("|", ">"):
                    # a comment may follow the block header (``run: |  # note``): protect the body only
                    nl = self.src.text.find("\n", start)
                    start = nl + 1 if 0 <= nl < span.end_offset else start
                self.scalar_spans.append((start, span.end_offset))
            if self.aliases:
                memo[id(node)] = out
            return out
        if node.__class__ is self.sequence_node:
            if self.aliases:
                memo[id(node)] = YSeq(span, node.tag, anchor, ())  # placeholder for recursion
                self.building.add(id(node))
            build = self.build
            out = YSeq(span, node.tag, anchor, tuple([build(i, depth + 1) for i in node.value]))
        else:
            if self.aliases:
                memo[id(node)] = YMap(span, node.tag, anchor, ())
                self.building.add(id(node))
            out = self.build_map(node, span, anchor, depth)
        if self.aliases:
            memo[id(node)] = out
            self.building.discard(id(node))
        return out

    def recursive(self, placeholder: YNode) -> None:
        """Report an alias used inside the node its anchor names (the value would contain itself):
        at the first ``*name`` within that node, else at the anchor."""
        name = placeholder.anchor
        at = placeholder.span
        if name is not None:
            text = self.src.text
            k = text.find(f"*{name}", at.start_offset + 1, at.end_offset)
            while k >= 0:
                end = k + 1 + len(name)
                if end >= len(text) or _ANCHOR.match(text, end) is None:
                    at = self.src.span(k, end)
                    break
                k = text.find(f"*{name}", k + 1, at.end_offset)
        shown = f"'{name}' " if name is not None else ""
        msg = f"the alias {shown}is used inside the value its anchor names, so the value would contain itself"
        self.errors.append(Diagnostic(msg, at))

    def anchor(self, offset: int) -> str | None:
        """The name of the ``&anchor`` written at ``offset``, if one is."""
        text = self.src.text
        if text[offset : offset + 1] != "&":
            return None
        m = _ANCHOR.match(text, offset + 1)
        return m.group() if m is not None else None

    def build_map(self, node: Node, span: Span, anchor: str | None, depth: int) -> YMap:
        scalar_node = self.scalar_node
        merge_at: list[Span] = []
        explicit: list[YPair] = []
        merged: list[YPair] = []
        odd: list[YNode] = []
        seen: dict[str, YScalar] = {}
        for knode, vnode in node.value:
            if isinstance(knode, scalar_node) and (
                knode.tag == _MERGE_TAG or (knode.value == "<<" and not knode.style)
            ):
                merge_at.append(self.span(knode.start_mark, knode.end_mark))
                sources = vnode.value if isinstance(vnode, self.sequence_node) else [vnode]
                for s in sources:
                    target = self.build(s, depth + 1)
                    if isinstance(target, YMap):
                        merged.extend(YPair(p.key, p.value, True) for p in target.pairs)
                    else:
                        self.errors.append(
                            Diagnostic("a merge key (<<) needs a mapping or a list of mappings", target.span)
                        )
                continue
            key = self.build(knode, depth + 1)
            value = self.build(vnode, depth + 1)
            if not isinstance(key, YScalar):
                odd.append(key)
                continue
            if key.value in seen:
                first = seen[key.value].span
                self.errors.append(
                    Diagnostic(f"duplicate key {key.value!r} (first defined at line {first.start_line})", key.span)
                )
                continue
            seen[key.value] = key
            explicit.append(YPair(key, value))
        if merged:
            have = {p.key.value for p in explicit}
            for p in merged:
                if p.key.value not in have:
                    have.add(p.key.value)
                    explicit.append(p)
        return YMap(span, node.tag, anchor, tuple(explicit), tuple(odd), tuple(merge_at))


_MERGE_TAG = "tag:yaml.org,2002:merge"
_LOADERS: dict[object, _SafeLoader] = {}


def _loader() -> tuple[_SafeLoader, bool]:
    """(loader class, whether it is libyaml's): the safe loader with tag resolution cut to what we read.

    Our nodes keep scalars as text, so the implicit typing of plain scalars (PyYAML matches each one
    against the int/float/bool/null/timestamp patterns) is never used; only the merge key ``<<``
    matters. Explicit tags (``!reset``, ``!override``) are not resolved and stay as written.
    """
    import yaml

    base: _SafeLoader | None = getattr(yaml, "CSafeLoader", None)
    made = _LOADERS.get(base)
    if made is None:
        scalar, seq = yaml.ScalarNode, yaml.SequenceNode

        class Loader(base or yaml.SafeLoader):  # type: ignore[misc]
            def resolve(self, kind: type[Node], value: str, implicit: tuple[bool, bool]) -> str:
                if kind is scalar:
                    return _MERGE_TAG if value == "<<" and implicit[0] else "tag:yaml.org,2002:str"
                return "tag:yaml.org,2002:seq" if kind is seq else "tag:yaml.org,2002:map"

        made = _LOADERS[base] = Loader
    return made, base is not None


class _TooLarge(Exception):
    def __init__(self, message: str, node: Node) -> None:
        super().__init__(message)
        self.node = node


def _comments(src: SourceFile, protected: list[tuple[int, int]]) -> list[Comment]:
    """Find ``#`` comments outside quoted and block scalars."""
    protected.sort()
    starts = [a for a, _ in protected]
    out: list[Comment] = []
    text = src.text
    last = src.line_count
    hash_at = text.find("#")
    while hash_at >= 0:
        # visit only the lines that hold a "#"
        line_no = src.position(hash_at)[0]
        hash_at = text.find("#", src.line_start(line_no + 1)) if line_no < last else -1
        line = src.line_text(line_no)
        base = src.line_start(line_no)
        col = -1
        in_single = in_double = False
        for i, ch in enumerate(line):
            if ch == "'" and not in_double:
                in_single = not in_single
            elif ch == '"' and not in_single and (i == 0 or line[i - 1] != "\\"):
                in_double = not in_double
            elif ch == "#" and not in_single and not in_double and (i == 0 or line[i - 1] in " \t"):
                off = base + i
                k = bisect.bisect_right(starts, off) - 1
                if k >= 0 and protected[k][0] <= off < protected[k][1]:
                    continue
                col = i
                break
        if col < 0:
            continue
        off = base + col
        end = base + len(line)
        trailing = bool(line[:col].strip())
        out.append(Comment(src.span(off, end), text[off + 1 : end], trailing=trailing))
    return out


def load_yaml(src: SourceFile) -> YamlDoc:
    """Compose the first YAML document of ``src`` into nodes; never raises on bad input."""
    import yaml

    loader, libyaml = _loader()
    doc = YamlDoc(None)
    tokens = src.text.count("\n") + src.text.count(",")
    if tokens > MAX_TOKENS:
        msg = f"YAML has more than {MAX_TOKENS:,} lines and flow items; it was not parsed (a resource bomb?)"
        doc.errors.append(Diagnostic(msg, src.span(0, 1)))
        return doc
    # libyaml refuses more than 1,000 levels itself (and the builder stops at MAX_DEPTH); the pure
    # Python parser recurses, so without libyaml a cheap bracket count guards it. The count also
    # sees brackets inside quoted and block scalars, hence only as a fallback.
    deep = _too_deep(src.text) if not libyaml else None
    if deep is not None:
        doc.errors.append(Diagnostic(f"YAML nests more than {MAX_DEPTH} levels deep", src.span(deep, deep + 1)))
        return doc
    try:
        nodes = list(yaml.compose_all(src.text, Loader=loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        msg = " ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
        off = mark.index if mark is not None else 0
        doc.errors.append(Diagnostic(f"YAML syntax error: {msg}", src.span(off, off + 1)))
        doc.comments = _comments(src, [])
        return doc
    except yaml.YAMLError as exc:
        doc.errors.append(Diagnostic(f"YAML error: {exc}", src.span(0, 1)))
        return doc
    except RecursionError:
        doc.errors.append(Diagnostic("YAML nests too deeply to parse", src.span(0, 1)))
        return doc
    if not nodes:
        doc.comments = _comments(src, [])
        return doc
    b = _Builder(src)
    if len(nodes) > 1:
        extra = nodes[1]
        doc.errors.append(
            Diagnostic(
                "only the first YAML document is read; this file has several", b.span(extra.start_mark, extra.end_mark)
            )
        )
    try:
        b.aliases = _ALIAS.search(src.text) is not None
        if b.aliases:  # without an alias the tree is as large as the text (MAX_TOKENS)
            b.expanded(nodes[0])
        doc.root = b.build(nodes[0])
    except _TooLarge as exc:
        doc.errors.append(Diagnostic(str(exc), b.span(exc.node.start_mark, exc.node.start_mark)))
        doc.root = None
    except RecursionError:
        doc.errors.append(Diagnostic("YAML nests too deeply to parse", src.span(0, 1)))
        doc.root = None
    doc.errors += b.errors
    doc.comments = _comments(src, b.scalar_spans)
    return doc


def walk(node: YNode | None) -> Iterator[YNode]:
    """Every node once (aliases visited once), depth first."""
    if node is None:
        return
    seen: set[int] = set()
    stack: list[YNode] = [node]
    while stack:
        n = stack.pop()
        if id(n) in seen:
            continue
        seen.add(id(n))
        yield n
        if isinstance(n, YSeq):
            stack.extend(reversed(n.items))
        elif isinstance(n, YMap):
            for p in reversed(n.pairs):
                stack.append(p.value)
                stack.append(p.key)


__all__ = [
    "MAX_DEPTH",
    "MAX_EXPANDED_CHARS",
    "MAX_EXPANDED_NODES",
    "MAX_TOKENS",
    "YamlDoc",
    "load_yaml",
    "to_python",
    "walk",
]
