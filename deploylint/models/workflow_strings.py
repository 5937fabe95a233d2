"""Workflow strings: a scalar's decoded value mapped back to its exact source characters.

A :class:`Str` knows its ``${{ }}`` expressions and where each character of the decoded value was
written, also inside block scalars (``|``, ``>``) and quoted scalars with escapes, so a finding
on part of a value (an expression, a shell word of a ``run:`` script) has an exact span.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import field

from deploylint.expressions import Expr, Node, find_expressions, flowing, parse_expression, refs
from deploylint.models.base import Located
from deploylint.records import record
from deploylint.source import Span

#: a context path (``("github", "event", "issue", "title")``)
Path = tuple[str, ...]


@record(eq=False)
class Str(Located[str]):
    """A string scalar: a located value (its span names the file) with its YAML style and
    expressions.

    ``offset(i)`` is the source offset of ``value[i]``; ``span_of(a, b)`` the span of
    ``value[a:b]``. The character map is computed only when a position inside the value is asked
    for. Two Str are equal only when they are the same scalar (identity, as before it was a
    Located).
    """

    style: str
    exprs: tuple[Expr, ...] = ()
    #: the character map (value offsets, source offsets of linear runs), built on first use
    _segs: list[tuple[list[int], list[int]]] = field(default_factory=list, repr=False)

    def __eq__(self, other: object) -> bool:
        return self is other

    def __hash__(self) -> int:
        return id(self)

    @property
    def has_expr(self) -> bool:
        return bool(self.exprs)

    @property
    def is_single_expr(self) -> bool:
        """The whole value is one ``${{ }}`` with nothing around it."""
        return len(self.exprs) == 1 and self.exprs[0].start == 0 and self.exprs[0].end == len(self.value)

    def _segments(self) -> tuple[list[int], list[int]]:
        if not self._segs:
            self._segs.append(
                _segments(self.file.text, self.span.start_offset, self.span.end_offset, self.value, self.style)
            )
        return self._segs[0]

    def offset(self, i: int) -> int:
        vs, ss = self._segments()
        k = bisect.bisect_right(vs, i) - 1
        if k < 0:
            return self.span.start_offset
        return min(ss[k] + (i - vs[k]), max(self.span.end_offset, self.span.start_offset + 1))

    def span_of(self, start: int, end: int) -> Span:
        if not self.value:
            return self.span
        a = self.offset(start)
        b = self.offset(max(end - 1, start)) + 1
        return self.file.span(a, max(b, a + 1))

    def list_items(self) -> Iterator[tuple[str, Span]]:
        """The items of a list-valued input (``tags:``...) split on commas and newlines, stripped,
        each with its exact span; blank items are skipped."""
        value = self.value
        pos = 0
        for part in value.replace(",", "\n").split("\n"):
            start = value.find(part, pos)
            pos = start + len(part)
            item = part.strip()
            if item:
                off = start + part.index(item)
                yield item, self.span_of(off, off + len(item))

    def positions(self) -> list[int]:
        """Source offset of every character of the value (for the shared shell parser)."""
        vs, ss = self._segments()
        out: list[int] = []
        n = len(self.value)
        for k, v in enumerate(vs):
            stop = vs[k + 1] if k + 1 < len(vs) else n
            out.extend(range(ss[k], ss[k] + (stop - v)))
        return out[:n]

    def ends(self) -> list[int] | None:
        """Source offset just after each character of the value, for a quoted scalar whose
        characters may be written with several (``\\"``, ``\\x41``, ``''``); None for the other
        styles, where every character is written with one."""
        if self.style not in ("'", '"'):
            return None
        text = self.file.text
        n = len(text)
        out: list[int] = []
        for p in self.positions():
            c = text[p] if p < n else ""
            if self.style == '"' and c == "\\" and p + 1 < n:
                out.append(min(p + _ESC_LEN.get(text[p + 1], 2), n))
            elif self.style == "'" and c == "'" and text[p + 1 : p + 2] == "'":
                out.append(p + 2)
            else:
                out.append(p + 1)
        return out

    def expr_span(self, e: Expr) -> Span:
        return self.span_of(e.start, e.end)

    def node_span(self, n: Node) -> Span:
        return self.span_of(n.start, n.end)

    def refs(self) -> Iterator[tuple[Path, Node, Expr]]:
        """Every context reference in every expression of this value."""
        for e in self.exprs:
            if e.node is not None:
                for p, n in refs(e.node):
                    yield p, n, e

    def flowing(self) -> Iterator[tuple[Path, Node, Expr]]:
        """Context references whose values are expanded into this string."""
        for e in self.exprs:
            if e.node is not None:
                for p, n in flowing(e.node):
                    yield p, n, e


_ESC_LEN = {"x": 4, "u": 6, "U": 10}


def _segments(text: str, start: int, end: int, value: str, style: str) -> tuple[list[int], list[int]]:
    """Align ``value`` (decoded) with ``text[start:end]`` (its source): parallel lists of value
    offsets and the source offsets where linear runs begin."""
    raw = text[start:end]
    if style in ("", "'", '"') and "\n" not in raw:
        if style == "":
            return [0], [start]
        if (style == "'" and "''" not in raw[1:-1]) or (style == '"' and "\\" not in raw):
            return [0], [start + 1]
    if style == "|" and "\r" not in raw:
        nl = text.find("\n", start)
        if nl >= 0:
            vs: list[int] = []
            ss: list[int] = []
            ls = nl + 1
            voff = 0
            for line in value.split("\n"):
                le = text.find("\n", ls)
                if le < 0:
                    le = len(text)
                src_line = text[ls:le]
                indent = len(src_line) - len(line) if line and src_line.endswith(line) else len(src_line)
                vs.append(voff)
                ss.append(min(ls + indent, len(text)))
                voff += len(line) + 1
                ls = le + 1
            return vs, ss
    return _greedy(text, start, end, value, style)


def _greedy(text: str, start: int, end: int, value: str, style: str) -> tuple[list[int], list[int]]:
    s = start
    if style in ("'", '"'):
        s = start + 1
    elif style in ("|", ">"):
        nl = text.find("\n", start)
        s = nl + 1 if nl >= 0 else start
    vs: list[int] = [0]
    ss: list[int] = [s]
    last = s - 1
    n = len(text)
    limit = min(max(end, s), n)
    for v, ch in enumerate(value):
        found = -1
        step = 1
        while s < limit:
            c = text[s]
            if c == ch or (ch in " \n" and c == "\n"):
                found = s
                break
            if style == '"' and c == "\\" and s + 1 < n:
                e = text[s + 1]
                if e in "\r\n":  # escaped line break: produces nothing
                    s += 2
                    continue
                found = s
                step = _ESC_LEN.get(e, 2)
                break
            if c in " \t\r\n'\"":
                s += 1
                continue
            break
        if found < 0:
            # could not align (unexpected source form): map the rest linearly from here
            vs.append(v)
            ss.append(min(last + 1, n))
            return vs, ss
        if found - ss[-1] != v - vs[-1]:
            vs.append(v)
            ss.append(found)
        last = found + step - 1
        s = found + step
    return vs, ss


def make_str(value: str, span: Span, style: str, *, condition: bool = False) -> Str:
    """A Str for a scalar. ``condition``: an ``if:`` value, an expression even without ``${{ }}``."""
    if "${{" in value:
        exprs: tuple[Expr, ...] = tuple(find_expressions(value))
    elif condition and value.strip():
        node, err, at = parse_expression(value, 0)
        exprs = (Expr(0, len(value), 0, len(value), value, node, err, at),)
    else:
        exprs = ()
    return Str(value, span, style, exprs)


def matrix_key(s: Str) -> str | None:
    """``os`` for a value that is exactly ``${{ matrix.os }}``, else None."""
    if not s.is_single_expr:
        return None
    body = s.exprs[0].body.strip()
    name = body.removeprefix("matrix.")
    if name != body and name.replace("-", "_").isidentifier():
        return name
    return None
