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

import os
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


class Locator:
    """Repository-relative URIs and line hashes for the findings of one report (cached per file)."""

    def __init__(self, report: Report) -> None:
        self.root = report.root
        self._rel = {a.display: a.relpath for a in report.artifacts}
        self._text = {a.display: a.source.text for a in report.artifacts if a.source is not None}
        self._hashes: dict[str, list[str] | None] = {}
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

    def hashes(self, display: str) -> list[str] | None:
        if display not in self._hashes:
            text = self._text.get(display)
            if text is None:
                text = self._read(display)
            self._hashes[display] = line_hashes(text) if text is not None else None
        return self._hashes[display]

    def _read(self, display: str) -> str | None:
        """Text of a file with no parsed source (too large, undecodable): only inside the root."""
        p = _resolved(Path(display) if Path(display).is_absolute() else Path.cwd() / display)
        if p is None or not p.is_file():
            return None
        try:
            p.relative_to(self.root)
            if p.stat().st_size > _MAX_READ:
                return None
            data = p.read_bytes()
        except (ValueError, OSError):
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
        if not hashes:
            return None
        line = finding.location.span.start_line
        return hashes[min(max(line, 1), len(hashes)) - 1]


def is_relative(uri: str) -> bool:
    """True for a path inside the root (no leading ``/``, drive or ``..``)."""
    return not (uri.startswith(("/", "../")) or uri == ".." or Path(uri).is_absolute())


def _resolved(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return None
