"""Variable references in Dockerfile words: the one scanner of ``$NAME`` and ``${NAME...}``.

BuildKit expands ``$NAME``, ``${NAME}`` and ``${NAME<op>word}`` in the words of most
instructions (``op`` is one of ``:-`` ``-`` ``:+`` ``+`` ``:?`` ``?``, or a newer ``%`` ``%%``
``#`` ``##`` ``/`` ``//`` pattern form; any other character there is kept as ``op``, a form
BuildKit rejects). Inside ``word`` a ``${`` opens a nested reference, so
the ``}`` that closes the reference is the one that balances it. The parser's ``expand`` and the
rules that ask which names a word uses (DKR029, DKR041, DKR043) all read :func:`scan`, so they
agree on what a reference is.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from deploylint.records import record
from deploylint.source import SourceFile, Span

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OP = re.compile(r":?[-+?]|%%?|##?|//?")
_BRACE = re.compile(r"\$\{|\}")
#: the forms ``expand`` knows how to evaluate
DEFAULT_OPS = frozenset({":-", "-", ":+", "+", ":?", "?"})
#: nesting deeper than this is not followed (``${A:-${B:-${C...}}}``)
MAX_DEPTH = 16


@record
class VarRef:
    """One reference at ``start:end`` of the scanned text (``word_start``: where ``word`` starts)."""

    name: str
    start: int
    end: int
    #: None for ``$NAME`` and ``${NAME}``
    op: str | None = None
    word: str | None = None
    word_start: int = -1
    #: the references inside ``word`` (``${A:-$B}``: ``$B``)
    inner: tuple[VarRef, ...] = ()
    #: where the reference stands in the source (set by :func:`refs_at`)
    span: Span | None = None


def _closers(text: str) -> dict[int, int]:
    """For each ``${`` (by the index of its ``$``), the index of the ``}`` that balances it."""
    out: dict[int, int] = {}
    stack: list[int] = []
    for m in _BRACE.finditer(text):
        if m.group() == "${":
            stack.append(m.start())
        elif stack:
            out[stack.pop()] = m.start()
    return out


@functools.cache
def _specials(quotes: bool, esc: str | None) -> re.Pattern[str]:
    return re.compile("[$" + ("'\"" if quotes else "") + (re.escape(esc) if esc else "") + "]")


def scan(text: str, *, quotes: bool = False, esc: str | None = None) -> tuple[VarRef, ...]:
    """The references of ``text``, in order. With ``quotes`` single-quoted text is not expanded
    (a raw word, as written in the Dockerfile); with ``esc`` an escaped ``$`` is literal. Without
    them ``text`` is a value whose quotes and escapes are already removed."""
    if "$" not in text:
        return ()
    return _scan(text, 0, len(text), quotes, esc, _closers(text), 0)


def _scan(
    text: str, lo: int, hi: int, quotes: bool, esc: str | None, closers: dict[int, int], depth: int
) -> tuple[VarRef, ...]:
    out: list[VarRef] = []
    specials = _specials(quotes, esc)
    in_double = False
    i = lo
    while i < hi:
        m = specials.search(text, i, hi)
        if m is None:
            break
        i = m.start()
        c = text[i]
        if esc is not None and c == esc:
            nxt = text[i + 1 : i + 2]
            i += 2 if not in_double or nxt in ('"', "$", esc, "\n") else 1
        elif c == "'":
            if in_double:
                i += 1
            else:
                close = text.find("'", i + 1, hi)
                i = hi if close < 0 else close + 1
        elif c == '"':
            in_double = not in_double
            i += 1
        else:
            ref = _ref(text, i, hi, quotes, esc, closers, depth)
            if ref is None:
                i += 1
            else:
                out.append(ref)
                i = ref.end
    return tuple(out)


def _ref(
    text: str, i: int, hi: int, quotes: bool, esc: str | None, closers: dict[int, int], depth: int
) -> VarRef | None:
    if not text.startswith("{", i + 1):
        m = _NAME.match(text, i + 1, hi)
        return VarRef(m.group(), i, m.end()) if m else None
    m = _NAME.match(text, i + 2, hi)
    close = closers.get(i, -1)
    if m is None or close < 0 or close >= hi:
        return None
    k = m.end()
    if k == close:
        return VarRef(m.group(), i, close + 1)
    if depth >= MAX_DEPTH:
        return None
    op = _OP.match(text, k, close)
    # any other character after the name is kept as the operator: BuildKit rejects the form,
    # but the name is still the one referred to (``${templateOption:imageVariant}``)
    w0 = op.end() if op is not None else k + 1
    inner = _scan(text, w0, close, quotes, esc, closers, depth + 1)
    return VarRef(m.group(), i, close + 1, text[k:w0], text[w0:close], w0, inner)


def walk(refs: tuple[VarRef, ...]) -> Iterator[VarRef]:
    """Every reference with the ones nested in its word, in the order they stand."""
    stack = list(reversed(refs))
    while stack:
        ref = stack.pop()
        yield ref
        stack.extend(reversed(ref.inner))


def refs_at(src: SourceFile, span: Span, esc: str) -> tuple[VarRef, ...]:
    """The references BuildKit expands in the source text at ``span`` (a raw word or value: quotes
    and ``esc`` escapes count), each with its own span; ``start``/``end`` are source offsets."""
    text = src.text[span.start_offset : span.end_offset]
    return tuple(_placed(r, src, span.start_offset) for r in scan(text, quotes=True, esc=esc))


def _placed(ref: VarRef, src: SourceFile, base: int) -> VarRef:
    start, end = base + ref.start, base + ref.end
    inner = tuple(_placed(r, src, base) for r in ref.inner)
    return VarRef(
        ref.name,
        start,
        end,
        ref.op,
        ref.word,
        ref.word_start + base if ref.word_start >= 0 else -1,
        inner,
        src.span(start, end),
    )


__all__ = ["DEFAULT_OPS", "MAX_DEPTH", "VarRef", "refs_at", "scan", "walk"]
