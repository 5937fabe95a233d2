"""Stable locations for machine reports: repository-relative paths and line fingerprints.

``line_hashes`` reproduces the ``primaryLocationLineHash`` that GitHub's ``upload-sarif`` action
computes when a SARIF file has none, so alerts match across runs whether we or the action fill it
in. In short: line endings become LF, spaces and tabs are skipped, and each line gets a polynomial
hash (base 37, modulo 2**64) of the next 100 remaining characters (UTF-16 code units, newlines
included) starting at that line; past the end of the file one EOF marker (65535) and then zeros are
hashed. The hash is printed as unsigned hex followed by ``:<n>``, where n numbers the lines of the
file that share that hash, counting from 1.

The same value identifies a finding in a baseline: it depends on the text at and just after the
finding's line, not on the line number, so edits above a finding keep it matched.
"""

from __future__ import annotations

import bisect
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from deploylint.engine import Report
    from deploylint.findings import Finding

_MASK = (1 << 64) - 1
_WINDOW = 100
_BASE = 37
_EOF = 65535
_SKIP = (0x20, 0x09)
_LF = 0x0A
_UTF16 = "utf-16-le" if sys.byteorder == "little" else "utf-16-be"
#: base**WINDOW, the weight of the character leaving the window
_DROP = pow(_BASE, _WINDOW, 1 << 64)
#: files larger than this are not re-read from disk just to fingerprint a finding
_MAX_READ = 16 * 1024 * 1024


def line_hashes(text: str) -> list[str]:
    """One ``<hex>:<n>`` value per line of ``text`` (a trailing newline starts one more, empty line)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    raw = text.encode(_UTF16, "surrogatepass")
    units = [u for u in memoryview(raw).cast("H") if u not in _SKIP]
    starts = [0]
    starts += [i + 1 for i, u in enumerate(units) if u == _LF]
    units.append(_EOF)
    units += [0] * _WINDOW
    # rolling hash: h(i) = sum(units[i + k] * BASE**(WINDOW - 1 - k) for k < WINDOW)
    h = 0
    for u in units[:_WINDOW]:
        h = (h * _BASE + u) & _MASK
    seen: dict[int, int] = {}
    out: list[str] = []
    pending = iter(starts)
    nxt = next(pending, -1)
    for i in range(starts[-1] + 1):
        if i == nxt:
            seen[h] = seen.get(h, 0) + 1
            out.append(f"{h:x}:{seen[h]}")
            nxt = next(pending, -1)
        h = (h * _BASE - units[i] * _DROP + units[i + _WINDOW]) & _MASK
    return out


_NON_BMP = re.compile("[\U00010000-\U0010ffff]")
_NO_BLANKS = str.maketrans("", "", " \t")
_PAD = chr(_EOF) + "\x00" * _WINDOW


class FileHashes:
    """Line hashes of one file, computed only for the lines asked for.

    Equal to ``line_hashes(text)[line - 1]`` but without hashing every character of the file: two
    lines share a hash exactly when their 100-unit windows are equal (64-bit collisions aside), so
    the ``:n`` counter comes from comparing windows, which runs at C speed.
    """

    def __init__(self, text: str) -> None:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        self._all: list[str] | None = None
        if _NON_BMP.search(text):  # UTF-16 surrogate pairs: use the exact, slower path
            self._all = line_hashes(text)
            return
        stream = text.translate(_NO_BLANKS)
        self._stream = stream + _PAD
        starts = [0]
        find = stream.find
        i = find("\n")
        while i >= 0:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self._starts = starts
        self._seen: dict[str, list[int]] | None = None
        self._done: dict[int, str] = {}

    @property
    def line_count(self) -> int:
        return len(self._all) if self._all is not None else len(self._starts)

    def at(self, line: int) -> str:
        """The hash of 1-based ``line`` (clamped to the file)."""
        if self._all is not None:
            return self._all[min(max(line, 1), len(self._all)) - 1]
        idx = min(max(line, 1), len(self._starts)) - 1
        done = self._done.get(idx)
        if done is not None:
            return done
        stream = self._stream
        if self._seen is None:
            seen: dict[str, list[int]] = {}
            for j, s in enumerate(self._starts):
                seen.setdefault(stream[s : s + _WINDOW], []).append(j)
            self._seen = seen
        start = self._starts[idx]
        window = stream[start : start + _WINDOW]
        h = 0
        for ch in window:
            h = (h * _BASE + ord(ch)) & _MASK
        n = bisect.bisect_right(self._seen[window], idx)
        self._done[idx] = value = f"{h:x}:{n}"
        return value


class Locator:
    """Repository-relative URIs and line hashes for the findings of one report (cached per file)."""

    def __init__(self, report: Report) -> None:
        self.root = report.root
        self._rel = {a.display: a.relpath for a in report.artifacts}
        self._text = {a.display: a.source.text for a in report.artifacts if a.source is not None}
        self._hashes: dict[str, FileHashes | None] = {}
        self._lines: dict[str, list[str]] = {}

    def uri(self, display: str) -> str:
        """The path relative to the scan root (symlinks resolved), with ``/``.

        A file outside the root (named explicitly beside files of another tree) gets its absolute
        path instead; see :func:`is_relative`.
        """
        rel = self._rel.get(display)
        if rel is None or not is_relative(rel):
            rel = self._relative(display)
            self._rel[display] = rel
        return rel

    def _relative(self, display: str) -> str:
        p = Path(display)
        absolute = p if p.is_absolute() else Path.cwd() / p
        for candidate in (_resolved(absolute), Path(os.path.normpath(absolute))):
            if candidate is None:
                continue
            try:
                rel = candidate.relative_to(self.root).as_posix()
            except ValueError:
                continue
            return rel if rel != "." else ""
        return Path(os.path.normpath(absolute)).as_posix()

    def hashes(self, display: str) -> FileHashes | None:
        if display not in self._hashes:
            text = self._text.get(display)
            if text is None:
                text = self._read(display)
            self._hashes[display] = FileHashes(text) if text is not None else None
        return self._hashes[display]

    def _read(self, display: str) -> str | None:
        """Text of a file with no parsed source (too large, undecodable): only inside the root,
        read as the scan reads (:func:`deploylint.paths.read_regular`: a FIFO, a device, a name
        the system refuses as too long are not read)."""
        from deploylint.paths import read_regular

        p = _resolved(Path(display) if Path(display).is_absolute() else Path.cwd() / display)
        if p is None:
            return None
        try:
            p.relative_to(self.root)
            data = read_regular(p, _MAX_READ, root=self.root)
        except (ValueError, OSError):
            return None
        if len(data) > _MAX_READ:
            return None
        return data.decode("utf-8", errors="replace").removeprefix("\ufeff")

    def line_text(self, display: str, line: int) -> str:
        """The text of a 1-based line of a file ("" when unreadable)."""
        if display not in self._lines:
            text = self._text.get(display)
            if text is None:
                text = self._read(display)
            self._lines[display] = text.replace("\r\n", "\n").split("\n") if text is not None else []
        lines = self._lines[display]
        return lines[line - 1] if 0 < line <= len(lines) else ""

    def line_hash(self, finding: Finding) -> str | None:
        """``primaryLocationLineHash`` of the finding's start line, or None when its file is unreadable."""
        hashes = self.hashes(finding.location.path)
        if hashes is None:
            return None
        return hashes.at(finding.location.span.start_line)


def is_relative(uri: str) -> bool:
    """True for a path inside the root (no leading ``/``, drive or ``..``)."""
    return not (uri.startswith(("/", "../")) or uri == ".." or Path(uri).is_absolute())


def _resolved(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return None
