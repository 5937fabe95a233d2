""".gitignore matching as git does it, in time linear in the path (times the pattern).

The semantics are git's (gitignore(5), and where the manual is silent, what ``git check-ignore``
answers; tests/core/test_gitignore.py holds cases checked against it):

- A line is split on ``\\n``; one ``\\r`` before it is dropped, a UTF-8 byte order mark before the
  first line too. An empty line, or one starting with ``#``, is no pattern. Trailing spaces are
  dropped unless escaped with a backslash (tabs are kept). ``\\#`` and ``\\!`` start a pattern
  with a literal ``#`` or ``!``.
- ``!`` negates: the last pattern that matches a path decides. A path under an ignored folder
  stays ignored whatever later patterns say (git does not look inside an excluded folder).
- One trailing ``/`` limits the pattern to folders. A pattern with no other ``/`` matches the
  name of a path at any depth; one with a ``/`` at the start or in the middle matches the path
  from the folder of the .gitignore (a leading ``/`` is dropped).
- ``*`` matches any run of characters but ``/``, ``?`` one character but ``/``, ``[...]`` one
  character of a class (ranges, ``[!...]`` and ``[^...]``, ``[:alpha:]`` and the other POSIX
  names; an unclosed class or an unknown name matches nothing). ``**`` matches across folders
  only as a whole segment: ``**/x`` (``x`` at any depth), ``x/**`` (everything inside ``x``),
  ``x/**/y`` (zero or more folders between); elsewhere it is ``*``. A backslash makes the next
  character literal; a trailing backslash makes the pattern match nothing.
- Characters are bytes (UTF-8), as in git: ``?`` matches one byte of a multi-byte character.
- One quirk kept: git compares a pattern's literal start (up to its first special character)
  before globbing the rest, so ``**`` right after it counts as a whole segment (``foo**/bar``
  matches ``foobar`` and ``foo/x/bar``).

Why not a translated regular expression: patterns like ``*a*a*a*a*a*a*b`` backtrack in (name
length) to the power of the stars, and ``a/**/a/**/a/**/b`` in (depth) to the power of the
``**``. Here a pattern is folder segments of ``*``-separated pieces, each piece a fixed-length
run with no quantifier: a segment is matched by placing its pieces leftmost in turn (a piece
placed earlier never loses a match), and the parts between ``**`` are placed at the earliest
folder where they fit (likewise safe), so no choice is ever revisited. The parents of a path
(``ignored_with_parents``) are answered from one pass over the whole path, not one per parent.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Final

__all__ = ["GitIgnore"]

_SLASH: Final = 0x2F
_STAR: Final = -1  # a token: a run of ``*``
#: a class or ``?``: the bytes it accepts
_Set = frozenset[int]
_Token = int | _Set  # a literal byte, _STAR, or a set

_ALL: Final = frozenset(range(256))

# POSIX class names, as git's wildmatch (and its own ctype) defines them: ASCII only
_DIGITS = frozenset(range(0x30, 0x3A))
_UPPER = frozenset(range(0x41, 0x5B))
_LOWER = frozenset(range(0x61, 0x7B))
_PUNCT = frozenset(b"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_CLASSES: Final[dict[bytes, _Set]] = {
    b"alnum": _DIGITS | _UPPER | _LOWER,
    b"alpha": _UPPER | _LOWER,
    b"blank": frozenset(b" \t"),
    b"cntrl": frozenset(range(32)) | {127},
    b"digit": _DIGITS,
    b"graph": frozenset(range(0x21, 0x7F)),
    b"lower": _LOWER,
    b"print": frozenset(range(0x20, 0x7F)),
    b"punct": _PUNCT,
    b"space": frozenset(b" \t\n\r"),
    b"upper": _UPPER,
    b"xdigit": _DIGITS | frozenset(b"abcdefABCDEF"),
}


class _Never(Exception):
    """The pattern can match nothing (an unclosed class, an unknown class name, a trailing ``\\``)."""


def _class(p: bytes, i: int) -> tuple[_Set, int]:
    """The bytes the class starting at ``p[i] == "["`` accepts, and the index after its ``]``.

    Read the way git's wildmatch reads it: a ``]`` first in the class is a member, ``-`` between
    two members is a range, ``\\`` escapes, ``[:name:]`` is a POSIX class and ``[:`` without a
    closing ``:]`` is two plain members."""
    n = len(p)
    i += 1
    c = p[i] if i < n else 0
    negated = c in (0x21, 0x5E)  # ! or ^
    if negated:
        i += 1
        c = p[i] if i < n else 0
    members: set[int] = set()
    prev = 0
    while True:
        if c == 0 or i >= n:
            raise _Never
        if c == 0x5C:  # backslash
            i += 1
            if i >= n:
                raise _Never
            c = p[i]
            members.add(c)
        elif c == 0x2D and prev and i + 1 < n and p[i + 1] != 0x5D:  # a range
            i += 1
            c = p[i]
            if c == 0x5C:
                i += 1
                if i >= n:
                    raise _Never
                c = p[i]
            members.update(range(prev, c + 1))
            c = 0
        elif c == 0x5B and i + 1 < n and p[i + 1] == 0x3A:  # [:
            s = i + 2
            k = p.find(b"]", s)
            if k < 0:
                raise _Never
            if k - s - 1 < 0 or p[k - 1] != 0x3A:
                members.add(c)  # no ":]": a plain "[" and the ":" after it read on
            else:
                named = _CLASSES.get(p[s : k - 1])
                if named is None:
                    raise _Never
                members |= named
                i = k
                c = 0
        else:
            members.add(c)
        prev = c
        i += 1
        c = p[i] if i < n else 0
        if c == 0x5D:
            break
    accepted = _ALL - members if negated else frozenset(members)
    return accepted - {_SLASH}, i + 1


# the kinds of ``**`` that span folders
_DIRS: Final = 0  # "**/": nothing, or anything ending in "/"
_DIRS_ESCAPED: Final = 1  # "**\/": anything ending in "/" (git tries no empty match here)
_REST: Final = 2  # a final "**": anything


def _tokens(p: bytes, pathname: bool) -> list[_Token | tuple[int]]:
    """The pattern's tokens; a ``**`` spanning folders (``pathname``: the pattern has a ``/``) is
    a 1-tuple of its kind."""
    out: list[_Token | tuple[int]] = []
    i, n = 0, len(p)
    while i < n:
        c = p[i]
        if c == 0x5C:  # backslash
            if i + 1 >= n:
                raise _Never
            out.append(p[i + 1])
            i += 2
        elif c == 0x3F:  # ?
            out.append(_ALL - {_SLASH})
            i += 1
        elif c == 0x5B:  # [
            accepted, i = _class(p, i)
            out.append(accepted)
        elif c == 0x2A:  # *
            j = i
            while j < n and p[j] == 0x2A:
                j += 1
            if pathname and j - i >= 2 and (i == 0 or p[i - 1] == _SLASH):
                if j == n:
                    out.append((_REST,))
                    i = j
                    continue
                if p[j] == _SLASH:
                    out.append((_DIRS,))
                    i = j + 1
                    continue
                if p[j] == 0x5C and j + 1 < n and p[j + 1] == _SLASH:
                    out.append((_DIRS_ESCAPED,))
                    i = j + 2
                    continue
            out.append(_STAR)
            i = j
        else:
            out.append(c)
            i += 1
    return out


def _piece_regex(piece: list[_Token]) -> re.Pattern[bytes]:
    parts = []
    for t in piece:
        if isinstance(t, int):
            parts.append(re.escape(bytes([t])))
        elif len(t) == 255 and _SLASH not in t:
            parts.append(b"[^/]")
        elif not t:
            parts.append(b"(?!)")
        else:
            parts.append(b"[" + b"".join(b"\\x%02x" % b for b in sorted(t)) + b"]")
    return re.compile(b"".join(parts), re.DOTALL)


class _Segment:
    """A glob over one folder segment (no ``/`` in the text it sees): ``*``-separated pieces."""

    __slots__ = ("_first", "_last", "_literal", "_middle", "_need", "_starred")

    def __init__(self, tokens: list[_Token]) -> None:
        pieces: list[list[_Token]] = [[]]
        for t in tokens:
            if t == _STAR:
                if pieces[-1] or len(pieces) == 1:
                    pieces.append([])
            else:
                pieces[-1].append(t)
        self._starred = len(pieces) > 1
        self._literal: bytes | None = None
        if not self._starred and all(isinstance(t, int) for t in pieces[0]):
            self._literal = bytes(t for t in pieces[0] if isinstance(t, int))
        # (regex, length) of the piece before the first star, after the last, and between
        self._first = (_piece_regex(pieces[0]), len(pieces[0]))
        self._last = (_piece_regex(pieces[-1]), len(pieces[-1])) if self._starred else self._first
        self._middle = tuple(_piece_regex(m) for m in pieces[1:-1] if m)
        self._need = sum(len(m) for m in pieces) if self._starred else len(pieces[0])

    def match(self, text: bytes, a: int, b: int) -> bool:
        """Whether the segment glob matches ``text[a:b]`` whole."""
        if self._literal is not None:
            return b - a == len(self._literal) and text.startswith(self._literal, a)
        if not self._starred:
            return self._first[0].fullmatch(text, a, b) is not None
        if b - a < self._need:
            return False
        rx, n = self._first
        if n and rx.match(text, a, b) is None:
            return False
        pos = a + n
        rx, n = self._last
        end = b - n
        if n and rx.match(text, end, b) is None:
            return False
        for rx in self._middle:  # leftmost placement of each piece: never worse than a later one
            m = rx.search(text, pos, end)
            if m is None:
                return False
            pos = m.end()
        return True


class _Part:
    """A run of segments between two ``**``: ``a*/b/`` is segments ``a*`` and ``b`` and a
    trailing ``/`` (a part before a ``**`` always ends in one, or is empty)."""

    __slots__ = ("segments", "slashes", "trailing")

    def __init__(self, tokens: list[_Token]) -> None:
        chunks: list[list[_Token]] = [[]]
        for t in tokens:
            if t == _SLASH:
                chunks.append([])
            else:
                chunks[-1].append(t)
        self.trailing = len(chunks) > 1 and not chunks[-1]
        if self.trailing or not tokens:
            chunks.pop()
        self.segments = tuple(_Segment(c) for c in chunks)
        #: how many "/" the part spans
        self.slashes = len(tokens) and len(self.segments) - 1 + self.trailing

    def span(self, ctx: _Path, q: int, end: int) -> bool:
        """Whether the part matches ``text[q:end]`` whole."""
        if not self.segments:
            return q == end
        slashes, text = ctx.slashes, ctx.text
        k = bisect_left(slashes, q)
        last = len(self.segments) - 1
        a = q
        for i, seg in enumerate(self.segments):
            if i < last or self.trailing:
                if k >= len(slashes) or slashes[k] >= end:
                    return False
                b = slashes[k]
                k += 1
            else:
                if k < len(slashes) and slashes[k] < end:
                    return False
                b = end
            if not seg.match(text, a, b):
                return False
            a = b + 1
        return a == end if self.trailing else True

    def advance(self, ctx: _Path, q: int) -> int:
        """Where the part ends when it matches from ``q`` (it ends in ``/``, so the end is fixed by
        ``q``), or -1."""
        if not self.segments:
            return q
        slashes, text = ctx.slashes, ctx.text
        k = bisect_left(slashes, q)
        a = q
        for seg in self.segments:
            if k >= len(slashes):
                return -1
            b = slashes[k]
            k += 1
            if not seg.match(text, a, b):
                return -1
            a = b + 1
        return a


class _Path:
    """A path split for matching: its bytes, where its ``/`` are, where each prefix ends."""

    __slots__ = ("ends", "slashes", "starts", "text")

    def __init__(self, path: str) -> None:
        self.text = text = path.encode("utf-8", "surrogateescape")
        slashes = []
        i = text.find(b"/")
        while i >= 0:
            slashes.append(i)
            i = text.find(b"/", i + 1)
        self.slashes = slashes
        #: prefix j (a parent folder, the path itself last) is ``text[:ends[j]]``, its name
        #: ``text[starts[j]:ends[j]]``
        self.ends = [*slashes, len(text)]
        self.starts = [0, *(s + 1 for s in slashes)]


def _bits(lo: int, hi: int) -> int:
    """A mask of bits lo..hi-1."""
    return ((1 << hi) - 1) ^ ((1 << lo) - 1) if hi > lo else 0


class _Pattern:
    """One pattern line, compiled."""

    __slots__ = ("_ends_with", "_first", "_literal", "_name", "_never", "_steps", "dir_only", "line", "negated")

    def __init__(self, body: bytes, line: int) -> None:
        self.line = line
        self.negated = body.startswith(b"!")
        if self.negated:
            body = body[1:]
        self.dir_only = body.endswith(b"/")
        if self.dir_only:
            body = body[:-1]
        self._never = False
        self._name: _Segment | None = None  # a pattern without "/": matched against names
        self._ends_with: bytes | None = None  # a "*literal" name pattern
        self._literal = b""  # a path pattern: its literal start, compared before globbing
        self._first: _Part | None = None  # then the part up to the first "**"
        self._steps: tuple[tuple[int, _Part], ...] = ()  # then each "**" kind and the part after it
        try:
            if b"/" not in body:
                tokens = _tokens(body, pathname=False)
                plain = [t for t in tokens if not isinstance(t, tuple)]
                if len(plain) > 1 and plain[0] == _STAR and all(isinstance(t, int) and t >= 0 for t in plain[1:]):
                    self._ends_with = bytes(t for t in plain[1:] if isinstance(t, int))
                self._name = _Segment(plain)
                return
            body = body.removeprefix(b"/")
            # git compares the literal start byte for byte and globs only the rest
            cut = len(body)
            for special in b"*?[\\":
                at = body.find(bytes([special]))
                if 0 <= at < cut:
                    cut = at
            self._literal = body[:cut]
            tokens = _tokens(body[cut:], pathname=True)
        except _Never:
            self._never = True
            return
        parts: list[list[_Token]] = [[]]
        kinds: list[int] = []
        for t in tokens:
            if isinstance(t, tuple):
                kinds.append(t[0])
                parts.append([])
            else:
                parts[-1].append(t)
        compiled = [_Part(p) for p in parts]
        for middle in compiled[:-1]:
            assert not middle.segments or middle.trailing, "a part before ** ends in /"
        self._first = compiled[0]
        self._steps = tuple(zip(kinds, compiled[1:], strict=True))

    def mask(self, ctx: _Path, lo: int, hi: int) -> int:
        """Which of the path's prefixes lo..hi-1 (see ``_Path.ends``) the pattern matches, as bits."""
        if self._never:
            return 0
        text, starts, ends = ctx.text, ctx.starts, ctx.ends
        name = self._name
        if name is not None:
            out = 0
            suffix = self._ends_with
            for j in range(lo, hi):
                a, b = starts[j], ends[j]
                if suffix is not None:
                    hit = b - a >= len(suffix) and text.endswith(suffix, a, b)
                else:
                    hit = name.match(text, a, b)
                if hit:
                    out |= 1 << j
            return out
        if not text.startswith(self._literal):
            return 0
        e = len(self._literal)
        first = self._first
        assert first is not None
        if not self._steps:  # no "**": the part must end where the prefix does
            j = bisect_left(ctx.slashes, e) + first.slashes
            if lo <= j < hi and ends[j] >= e and first.span(ctx, e, ends[j]):
                return 1 << j
            return 0
        e = first.advance(ctx, e)
        if e < 0:
            return 0
        for kind, part in self._steps[:-1]:
            e = self._earliest(ctx, kind, part, e)
            if e < 0:
                return 0
        kind, part = self._steps[-1]
        if kind == _REST:
            return _bits(max(lo, bisect_left(ends, e)), hi)
        out = 0
        if not part.segments:  # "x/**//": only the empty match right where the chain ended
            j = bisect_left(ends, e)
            if kind == _DIRS and lo <= j < hi and ends[j] == e:
                out = 1 << j
            return out
        for j in range(max(lo, bisect_left(ends, e)), hi):
            s = j - part.slashes  # the part's first segment is the path's segment s
            if s < 0:
                continue
            q = starts[s]
            if q < e:  # only "**/" matching nothing lets the part start inside a segment
                if kind != _DIRS or e > ends[s]:
                    continue
                q = e
            elif q == e and kind != _DIRS:
                continue
            if part.span(ctx, q, ends[j]):
                out |= 1 << j
        return out

    @staticmethod
    def _earliest(ctx: _Path, kind: int, part: _Part, e: int) -> int:
        """Where ``part`` ends when placed at the earliest start a ``**`` from ``e`` allows."""
        if kind == _DIRS:
            got = part.advance(ctx, e)
            if got >= 0:
                return got
        slashes = ctx.slashes
        for k in range(bisect_left(slashes, e), len(slashes)):
            got = part.advance(ctx, slashes[k] + 1)
            if got >= 0:
                return got
        return -1


def _trim(line: bytes) -> bytes:
    """Drop trailing spaces not escaped by a backslash (git's trim_trailing_spaces)."""
    last_space = -1
    i, n = 0, len(line)
    while i < n:
        c = line[i]
        if c == 0x20:
            if last_space < 0:
                last_space = i
        elif c == 0x5C:
            i += 1
            if i >= n:
                return line
            last_space = -1
        else:
            last_space = -1
        i += 1
    return line[:last_space] if last_space >= 0 else line


class GitIgnore:
    """The patterns of one .gitignore file; paths are given relative to its folder, ``/``-separated."""

    __slots__ = ("_patterns",)

    def __init__(self, patterns: tuple[_Pattern, ...]) -> None:
        self._patterns = patterns

    @classmethod
    def from_text(cls, text: str) -> GitIgnore:
        raw = text.encode("utf-8", "surrogateescape").removeprefix(b"\xef\xbb\xbf")
        patterns = []
        for number, line in enumerate(raw.split(b"\n"), 1):
            if not line or line.startswith(b"#"):
                continue
            patterns.append(_Pattern(_trim(line.removesuffix(b"\r")), number))
        return cls(tuple(patterns))

    def __bool__(self) -> bool:
        return bool(self._patterns)

    def ignored(self, path: str, is_dir: bool) -> bool:
        """Whether the patterns ignore ``path`` itself (its parent folders not considered)."""
        found = self.deciding_line(path, is_dir, parents=False)
        return found is not None and found > 0

    def ignored_with_parents(self, path: str, is_dir: bool) -> bool:
        """Whether the patterns ignore ``path`` or one of its parent folders, as git decides."""
        found = self.deciding_line(path, is_dir, parents=True)
        return found is not None and found > 0

    def deciding_line(self, path: str, is_dir: bool, parents: bool = True) -> int | None:
        """The line of the pattern that decides ``path``: positive when it ignores it, negative
        for a ``!`` pattern that keeps it; None when no pattern matches. With ``parents``, the
        first parent folder a pattern ignores decides (the line ``git check-ignore -v`` names)."""
        path = path.strip("/")
        if not path or path == ".":
            return None
        ctx = _Path(path)
        last = len(ctx.ends) - 1
        if not parents:
            for pattern in reversed(self._patterns):
                if pattern.dir_only and not is_dir:
                    continue
                if pattern.mask(ctx, last, last + 1):
                    return -pattern.line if pattern.negated else pattern.line
            return None
        # every prefix at once: the last pattern matching a prefix decides it
        lo = 0
        decided = 0
        everything = _bits(0, last + 1)
        ignored = 0
        by_bit: list[tuple[int, _Pattern]] = []
        for pattern in reversed(self._patterns):
            hi = last + 1 if is_dir or not pattern.dir_only else last
            got = pattern.mask(ctx, lo, hi) & ~decided
            if not got:
                continue
            decided |= got
            by_bit.append((got, pattern))
            if not pattern.negated:
                ignored |= got
            if decided == everything:
                break
        if ignored:
            low = ignored & -ignored
            return next(p.line for bits, p in by_bit if bits & low)
        top = 1 << last
        return next((-p.line if p.negated else p.line for bits, p in by_bit if bits & top), None)
