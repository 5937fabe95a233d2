"""Position-preserving JSON (RFC 8259), into the same nodes as the YAML layer.

The YAML layer could read most JSON (JSON is nearly a subset of YAML), but it accepts what JSON
refuses (comments, bare words, single quotes, trailing commas), so a file the AWS CLI rejects would
pass. This is a small strict parser instead: an explicit stack (no recursion, so nesting cannot
exhaust the Python stack), bounded depth and value count, exact spans for every value and key.

Strings become ``YScalar`` with style ``'"'`` and their decoded value; numbers, ``true``, ``false``
and ``null`` become plain scalars holding their text, so ``as_bool``/``as_int``/``is_null`` mean what
they mean for YAML. Duplicate keys are diagnostics (the first one is kept, as for YAML).
"""

from __future__ import annotations

import json
import re

from deploylint.models.base import Diagnostic
from deploylint.models.tree import YMap, YNode, YPair, YScalar, YSeq
from deploylint.parsers._yaml import YamlDoc
from deploylint.source import SourceFile

#: nesting limit, as for YAML
MAX_DEPTH = 200
#: values in one file: real definitions hold a few thousand; a huge array is refused up front
MAX_VALUES = 200_000

_WS = re.compile(r"[ \t\n\r]*")
#: a string's body: plain characters and valid escapes. It always matches (maybe empty), so one
#: call reads the whole body in C, linearly (possessive: no backtracking state is kept); the character
#: after it says how the string ends
_STRING_BODY = re.compile(r'(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*+')
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_WORD = re.compile(r"true|false|null")

STR_TAG = "json:string"
LITERAL_TAG = "json:literal"


class _Error(Exception):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


class _Frame:
    __slots__ = ("items", "key", "pairs", "seen", "start")

    def __init__(self, start: int, is_map: bool) -> None:
        self.start = start
        self.items: list[YNode] | None = None if is_map else []
        self.pairs: list[YPair] | None = [] if is_map else None
        self.key: YScalar | None = None
        self.seen: dict[str, YScalar] = {}


def _describe(text: str, pos: int) -> str:
    if pos >= len(text):
        return "the end of the file"
    ch = text[pos]
    return repr(ch) if ch.isprintable() else f"character U+{ord(ch):04X}"


class _Parser:
    def __init__(self, src: SourceFile) -> None:
        self.src = src
        self.text = src.text
        self.errors: list[Diagnostic] = []
        self.values = 0

    def ws(self, pos: int) -> int:
        m = _WS.match(self.text, pos)
        return m.end() if m else pos

    def string(self, pos: int) -> tuple[YScalar, int]:
        """The string starting at the quote at ``pos``."""
        text = self.text
        m = _STRING_BODY.match(text, pos + 1)
        j = m.end() if m is not None else pos + 1
        c = text[j : j + 1]
        if c == "":
            raise _Error("unterminated string", pos)
        if c == "\\":
            raise _Error("invalid escape in a string", j)
        if c != '"':
            raise _Error(f"control character U+{ord(c):04X} inside a string (escape it)", j)
        end = j + 1
        raw = text[pos:end]
        value = json.loads(raw) if "\\" in raw else raw[1:-1]
        return YScalar(self.src.span(pos, end), STR_TAG, None, value, '"'), end

    def scalar(self, pos: int) -> tuple[YScalar, int]:
        text = self.text
        if text.startswith('"', pos):
            return self.string(pos)
        m = _NUMBER.match(text, pos) or _WORD.match(text, pos)
        if m is None or (m.end() < len(text) and (text[m.end()].isalnum() or text[m.end()] in "._")):
            raise _Error(f"expected a JSON value, found {_describe(text, pos)}", pos)
        return YScalar(self.src.span(pos, m.end()), LITERAL_TAG, None, m.group(), ""), m.end()

    def count(self, pos: int) -> None:
        self.values += 1
        if self.values > MAX_VALUES:
            raise _Error(f"JSON has more than {MAX_VALUES:,} values; it was not read (a resource bomb?)", pos)

    def parse(self) -> YNode:
        text = self.text
        n = len(text)
        stack: list[_Frame] = []
        pos = self.ws(0)
        if pos >= n:
            raise _Error("the file is empty, not a JSON document", 0)
        while True:
            # read one value at pos
            ch = text[pos] if pos < n else ""
            done: YNode | None = None
            if ch in ("{", "["):
                if len(stack) >= MAX_DEPTH:
                    raise _Error(f"JSON nests more than {MAX_DEPTH} levels deep", pos)
                self.count(pos)
                frame = _Frame(pos, ch == "{")
                stack.append(frame)
                pos = self.ws(pos + 1)
                close = "}" if ch == "{" else "]"
                if text.startswith(close, pos):
                    pos += 1
                    done = self.close(stack.pop(), pos)
                elif ch == "{":
                    pos = self.key(frame, pos)
                    continue
                else:
                    continue
            else:
                self.count(pos)
                done, pos = self.scalar(pos)
            # attach finished values and close finished containers
            while True:
                if not stack:
                    end = self.ws(pos)
                    if end < n:
                        raise _Error(f"unexpected {_describe(text, end)} after the JSON value", end)
                    return done
                top = stack[-1]
                self.attach(top, done)
                pos = self.ws(pos)
                close = "}" if top.pairs is not None else "]"
                if text.startswith(",", pos):
                    pos = self.ws(pos + 1)
                    if top.pairs is not None:
                        pos = self.key(top, pos)
                    break
                if text.startswith(close, pos):
                    pos += 1
                    done = self.close(stack.pop(), pos)
                    continue
                raise _Error(f"expected ',' or {close!r}, found {_describe(text, pos)}", pos)

    def key(self, frame: _Frame, pos: int) -> int:
        """Read ``"key":`` at ``pos``; return where its value starts."""
        if not self.text.startswith('"', pos):
            raise _Error(f"expected a quoted key, found {_describe(self.text, pos)}", pos)
        key, pos = self.string(pos)
        self.count(key.span.start_offset)
        pos = self.ws(pos)
        if not self.text.startswith(":", pos):
            raise _Error(f"expected ':' after the key, found {_describe(self.text, pos)}", pos)
        frame.key = key
        return self.ws(pos + 1)

    def attach(self, frame: _Frame, value: YNode) -> None:
        if frame.items is not None:
            frame.items.append(value)
            return
        key = frame.key
        assert key is not None and frame.pairs is not None
        first = frame.seen.get(key.value)
        if first is not None:
            msg = f"duplicate key {key.value!r} (first defined at line {first.span.start_line})"
            self.errors.append(Diagnostic(msg, key.span))
            return
        frame.seen[key.value] = key
        frame.pairs.append(YPair(key, value))

    def close(self, frame: _Frame, end: int) -> YNode:
        span = self.src.span(frame.start, end)
        if frame.pairs is not None:
            return YMap(span, "json:object", None, tuple(frame.pairs))
        return YSeq(span, "json:array", None, tuple(frame.items or ()))


def load_json(src: SourceFile) -> YamlDoc:
    """Parse ``src`` as one JSON document; never raises on bad input."""
    p = _Parser(src)
    doc = YamlDoc(None)
    text = src.text
    if text.count(",") + text.count(":") > 2 * MAX_VALUES:  # every value but the first follows one
        msg = f"JSON has more than {MAX_VALUES:,} values; it was not read (a resource bomb?)"
        doc.errors.append(Diagnostic(msg, src.span(0, 1)))
        return doc
    try:
        doc.root = p.parse()
    except _Error as exc:
        off = min(exc.offset, max(len(src.text) - 1, 0))
        doc.errors.append(Diagnostic(f"JSON syntax error: {exc}", src.span(off, off + 1)))
    doc.errors = p.errors + doc.errors
    return doc
