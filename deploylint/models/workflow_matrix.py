"""Typed views of a job's ``strategy.matrix`` and of its ``runs-on`` as written.

Rules read these instead of the parsed YAML nodes (rules do not import the parsers). A matrix
value is kept with a comparable form (:data:`Shape`): scalars by their text, lists item by item,
mappings key by key, so ``exclude`` entries can be matched against the values the matrix gives.
Anything computed by an expression is marked ``dynamic`` and left out of the comparisons.
"""

from __future__ import annotations

from deploylint.models.base import Located
from deploylint.models.tree import YMap, YNode, YScalar, YSeq
from deploylint.records import record
from deploylint.source import Span

#: the comparable form of a matrix value: ("s", text), ("l", items) or ("m", sorted pairs)
Shape = tuple[object, ...]


@record
class MatrixValue:
    span: Span
    shape: Shape
    #: the value holds a ``${{ }}`` expression somewhere: it is not compared
    dynamic: bool


@record
class Dimension:
    """One key of the matrix with the list of values it takes (``os: [a, b]``)."""

    key: Located[str]
    #: the span of the value written for the key (the list, or the scalar)
    span: Span
    values: tuple[MatrixValue, ...]
    #: the key's value is one expression (``os: ${{ fromJSON(...) }}``) or not a list at all
    dynamic: bool


@record
class Entry:
    """One ``include`` or ``exclude`` entry: its keys and values."""

    span: Span
    pairs: tuple[tuple[Located[str], MatrixValue], ...]


@record
class Matrix:
    span: Span
    dimensions: tuple[Dimension, ...]
    include: tuple[Entry, ...]
    exclude: tuple[Entry, ...]
    #: the whole matrix, its ``include`` or its ``exclude`` is computed by an expression (or an
    #: entry is): what it gives is not known
    dynamic: bool = False
    include_dynamic: bool = False
    exclude_dynamic: bool = False

    def dimension(self, key: str) -> Dimension | None:
        for d in self.dimensions:
            if d.key.value == key:
                return d
        return None


def _has_expr(node: YNode) -> bool:
    if isinstance(node, YScalar):
        return "${{" in node.value
    if isinstance(node, YSeq):
        return any(_has_expr(i) for i in node.items)
    if isinstance(node, YMap):
        return any(_has_expr(p.value) for p in node.pairs)
    return False


def _shape(node: YNode) -> Shape:
    if isinstance(node, YSeq):
        return ("l", tuple(_shape(i) for i in node.items))
    if isinstance(node, YMap):
        return ("m", tuple(sorted((p.key.value, _shape(p.value)) for p in node.pairs)))
    if isinstance(node, YScalar):
        return ("s", "" if node.is_null else node.value)
    return ("?",)


def _value(node: YNode) -> MatrixValue:
    return MatrixValue(node.span, _shape(node), _has_expr(node))


def _entries(node: YNode) -> tuple[tuple[Entry, ...], bool]:
    """The entries of an ``include``/``exclude`` list, and whether any of it is computed."""
    if not isinstance(node, YSeq):
        return (), True
    out: list[Entry] = []
    dynamic = False
    for item in node.items:
        if isinstance(item, YMap):
            out.append(Entry(item.span, tuple((Located(p.key.value, p.key.span), _value(p.value)) for p in item.pairs)))
        else:
            dynamic = True
    return tuple(out), dynamic


def matrix_of(node: YNode | None) -> Matrix | None:
    """The matrix written at ``node`` (None without one; a computed matrix is ``dynamic``)."""
    if node is None or (isinstance(node, YScalar) and node.is_null):
        return None
    if not isinstance(node, YMap):
        return Matrix(node.span, (), (), (), dynamic=True)
    dims: list[Dimension] = []
    include: tuple[Entry, ...] = ()
    exclude: tuple[Entry, ...] = ()
    inc_dyn = exc_dyn = False
    for p in node.pairs:
        key = Located(p.key.value, p.key.span)
        if p.key.value == "include":
            include, inc_dyn = _entries(p.value)
        elif p.key.value == "exclude":
            exclude, exc_dyn = _entries(p.value)
        elif isinstance(p.value, YSeq):
            dims.append(Dimension(key, p.value.span, tuple(_value(i) for i in p.value.items), False))
        else:
            dims.append(Dimension(key, p.value.span, (), True))
    return Matrix(node.span, tuple(dims), include, exclude, include_dynamic=inc_dyn, exclude_dynamic=exc_dyn)


def runs_on_names_nothing(job_node: YNode | None) -> Span | None:
    """Where a job's ``runs-on`` is written empty (``runs-on:`` with no value, ``group:`` with
    none), else None. Empty lists are the syntax rule's."""
    if not isinstance(job_node, YMap):
        return None
    pair = job_node.pair("runs-on")
    if pair is None:
        return None
    ro = pair.value
    if isinstance(ro, YScalar) and ro.is_null and ro.style == "":
        return pair.key.span
    if isinstance(ro, YMap):
        group = ro.pair("group")
        if group is not None and isinstance(group.value, YScalar) and group.value.is_null:
            return group.key.span
    return None
