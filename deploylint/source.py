"""Source files and exact positions.

Every position in deploylint is 1-based. Columns count Unicode code points, and an end column is
exclusive (the column just after the last character), which is what SARIF expects.
"""

from __future__ import annotations

import bisect
from dataclasses import field
from pathlib import Path

from deploylint.records import record


@record(order=True)
class Span:
    """A region of a source file: 1-based lines and columns, end column exclusive.

    ``start_offset``/``end_offset`` are character offsets into the decoded text (0-based, end
    exclusive); they let a fix replace exactly this region.

    ``file`` is the source file the region is in: every span a parser makes comes from
    ``SourceFile.span`` and friends (or is derived from one and keeps its file), so a value's
    position names its own file and a finding on it reports there. It takes no part in equality,
    ordering, hashing or repr (a span is compared by where it is), and it is not pickled: a span
    sent to or from a worker process, or stored, is just its numbers, and the finding it became
    already carries its file's name.
    """

    start_line: int
    start_col: int
    end_line: int
    end_col: int
    start_offset: int = -1
    end_offset: int = -1
    file: SourceFile | None = field(default=None, compare=False, repr=False, kw_only=True)

    def __reduce__(self) -> tuple[type[Span], tuple[int, int, int, int, int, int]]:
        return Span, (self.start_line, self.start_col, self.end_line, self.end_col, self.start_offset, self.end_offset)

    @classmethod
    def point(cls, line: int, col: int, offset: int = -1, *, file: SourceFile | None = None) -> Span:
        return cls(line, col, line, col + 1, offset, offset + 1 if offset >= 0 else -1, file=file)

    def contains_line(self, line: int) -> bool:
        return self.start_line <= line <= self.end_line

    def cover(self, other: Span) -> Span:
        """The smallest span covering both."""
        a = self if self.start_offset <= other.start_offset else other
        end = self if (self.end_line, self.end_col) >= (other.end_line, other.end_col) else other
        return Span(
            a.start_line,
            a.start_col,
            end.end_line,
            end.end_col,
            a.start_offset,
            end.end_offset,
            file=self.file or other.file,
        )


START = Span(1, 1, 1, 2, 0, 1)


class DecodeError(Exception):
    """The bytes are not text we can read; ``span`` says where."""

    def __init__(self, message: str, line: int = 1, col: int = 1) -> None:
        super().__init__(message)
        self.line = line
        self.col = col


def decode(data: bytes) -> tuple[str, str]:
    """Decode file bytes to text, returning (text, encoding).

    UTF-8 (with or without BOM) and UTF-16 with a BOM are accepted; a BOM is dropped so columns
    stay right. NUL bytes or invalid UTF-8 raise DecodeError with the position of the bad byte.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data, enc = data[3:], "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise DecodeError(f"invalid UTF-16: {exc.reason}") from None
    else:
        enc = "utf-8"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        col = len(data[line_start : exc.start].decode("utf-8")) + 1  # code points, like every column
        raise DecodeError(f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x})", line, col) from None
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        col = nul - (text.rfind("\n", 0, nul) + 1) + 1
        raise DecodeError("file contains NUL bytes (binary?)", line, col)
    return text, enc


@record(frozen=False)
class SourceFile:
    """A decoded file with a line index.

    ``path`` is where it was read from; ``display`` is how reports name it (relative to the working
    directory where possible, always with ``/``).
    """

    path: Path
    text: str
    display: str = ""
    _line_starts: list[int] = field(default_factory=list, repr=False)
    #: how the bytes were decoded (``utf-8``, ``utf-8-sig`` with a BOM, ``utf-16``): a fix writes
    #: the file back the same way
    encoding: str = "utf-8"
    #: template placeholders were blanked before parsing (the text is not the file's): never fixed
    masked: bool = False
    #: the text is not a file (a command line put together to be parsed): its spans name no file
    detached: bool = False

    def __post_init__(self) -> None:
        if not self.display:
            self.display = self.path.as_posix()
        starts = [0]
        text = self.text
        find = text.find
        i = find("\n")
        while i >= 0:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self._line_starts = starts

    @property
    def line_count(self) -> int:
        return len(self._line_starts)

    def line_start(self, line: int) -> int:
        """Offset of the first character of 1-based ``line``."""
        return self._line_starts[min(max(line, 1), len(self._line_starts)) - 1]

    def line_text(self, line: int) -> str:
        """The text of a 1-based line without its line ending."""
        if line < 1 or line > len(self._line_starts):
            return ""
        start = self._line_starts[line - 1]
        end = self._line_starts[line] - 1 if line < len(self._line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r")

    def position(self, offset: int) -> tuple[int, int]:
        """(line, col), both 1-based, of a character offset."""
        offset = min(max(offset, 0), len(self.text))
        idx = bisect.bisect_right(self._line_starts, offset) - 1
        return idx + 1, offset - self._line_starts[idx] + 1

    def offset(self, line: int, col: int) -> int:
        return self.line_start(line) + col - 1

    def span(self, start: int, end: int) -> Span:
        """Span of the character offsets [start, end), inside the text: an empty region becomes
        one character wide, except at the very end of the text, where it stays empty (a span never
        runs past the last character, so ``text[end_offset - 1]`` always exists when it is not
        empty)."""
        size = len(self.text)
        start = min(max(start, 0), size)
        end = min(max(end, start + 1), size) if start < size else start
        sl, sc = self.position(start)
        el, ec = self.position(end)
        return Span(sl, sc, el, ec, start, end, file=None if self.detached else self)

    def insertion(self, offset: int) -> Span:
        """The empty span at ``offset``: where a fix inserts text."""
        line, col = self.position(offset)
        return Span(line, col, line, col, offset, offset, file=None if self.detached else self)

    def indent(self, line: int) -> str:
        """The leading blanks of a 1-based line."""
        raw = self.line_text(line)
        return raw[: len(raw) - len(raw.lstrip(" \t"))]

    def newline(self, line: int) -> str:
        """The line ending of 1-based ``line`` (the file's first one when that line has none)."""
        text = self.text
        end = self.line_start(line + 1) if line < self.line_count else -1
        if end > 0 and text[end - 1] == "\n":
            return "\r\n" if text[end - 2 : end - 1] == "\r" else "\n"
        i = text.find("\n")
        return "\r\n" if i > 0 and text[i - 1] == "\r" else "\n"

    def span_lc(self, line: int, col: int, end_line: int, end_col: int) -> Span:
        return Span(
            line,
            col,
            end_line,
            end_col,
            self.offset(line, col),
            self.offset(end_line, end_col),
            file=None if self.detached else self,
        )

    def line_span(self, line: int) -> Span:
        """The whole text of a line, from its first non-blank character."""
        raw = self.line_text(line)
        col = len(raw) - len(raw.lstrip()) + 1
        end = max(len(raw.rstrip()) + 1, col + 1)
        return self.span_lc(line, col, line, end)
