"""One escaping function per output format, for every string a report echoes from its input.

Paths, messages, related notes, code frames and rule names can hold anything a scanned repository
puts in a file name or a value: a newline followed by ``::error ...`` (a GitHub workflow command), an
escape sequence that drives the reader's terminal, a bidi override that reorders what is shown, or
bytes that are not UTF-8 (``os.fsdecode`` keeps them as lone surrogates, which no UTF-8 stream can
encode). Each format escapes them here, the same way everywhere:

- :func:`text` (text, GitLab and the data of the HTML report): every C0 and C1 control character,
  DEL, the line and paragraph separators (U+2028, U+2029) and the bidi controls (the marks
  U+061C, U+200E, U+200F, the embeddings and overrides U+202A-U+202E, the isolates
  U+2066-U+2069) become ``\\xNN`` or ``\\uNNNN``; a byte kept as a surrogate (``\\udcff``) is shown as the byte, ``\\xff``.
- :func:`path_text`: :func:`text` for a path that begins a line of the text format, which also
  keeps a name starting with ``::`` from reading as a GitHub workflow command (``./::name``).
- :func:`github_data` and :func:`github_property`: :func:`text`, then GitHub's own rules for
  workflow-command data (``%``, CR, LF) and properties (also ``:`` and ``,``).
- :func:`xml` (JUnit, checkstyle): :func:`text`, and the two non-characters XML 1.0 cannot hold.
- :func:`html`: HTML markup escaping, then :func:`text`.
- :func:`uri` (SARIF): percent-encoding of the path's bytes (surrogates become the bytes they stand for).
- :func:`json_text` (strings of the SARIF model, whose serializer refuses lone surrogates) and
  :func:`json_document` (an encoded JSON or SARIF document): the values stay what they were (JSON
  escapes C0 itself; DEL, C1 and bidi controls become ``\\uNNNN`` escapes), except that a lone
  surrogate becomes the text ``\\xNN`` that :func:`text` shows.
"""

from __future__ import annotations

import html as _html
import re
from urllib.parse import quote

#: C0, DEL, C1; the line and paragraph separators (U+2028, U+2029: line ends to JavaScript, to
#: Python's ``splitlines`` and to some editors); the bidi marks, embeddings, overrides and isolates
_UNSAFE = "\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff"
_CONTROL = re.compile(f"[\x00-\x1f{_UNSAFE}]")
_XML_CONTROL = re.compile(f"[\x00-\x1f{_UNSAFE}\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_JSON_RAW = re.compile(f"[{_UNSAFE}]")


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode could not decode
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def text(value: str) -> str:
    """``value`` with no character that can end a line, move the cursor or reorder what is shown."""
    return _CONTROL.sub(_shown, value)


def path_text(path: str) -> str:
    """:func:`text` for a path a line starts with: a relative path that begins with ``:`` or a
    blank is shown as ``./path`` (the same file), so a file named ``::error file=x::y`` cannot
    start a line a GitHub runner reads as a workflow command."""
    shown = text(path)
    return "./" + shown if shown[:1] in (":", " ") else shown


def github_data(value: str) -> str:
    """The message part of a workflow command (after the second ``::``)."""
    return text(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(value: str) -> str:
    """A property value of a workflow command (``file=...``, ``title=...``)."""
    return github_data(value).replace(":", "%3A").replace(",", "%2C")


def xml(value: str) -> str:
    """Text or an attribute value of an XML report (the serializer escapes the markup)."""
    return _XML_CONTROL.sub(_shown, value)


def html(value: str) -> str:
    """Text or a quoted attribute value of the HTML report."""
    return text(_html.escape(value, quote=True))


def uri(path: str) -> str:
    """A relative path as a URI reference: its bytes percent-encoded, ``/`` kept."""
    return quote(path, safe="/", errors="surrogateescape")


def json_text(value: str) -> str:
    """A string of a JSON document, with no lone surrogate (no UTF-8 encoder takes one)."""
    return _SURROGATE.sub(_shown, value)


def json_document(encoded: str) -> str:
    """An encoded JSON document that any UTF-8 stream can write and no terminal acts on.

    JSON encoders escape C0 controls but leave DEL, C1 and the bidi controls as they are: those
    become ``\\uNNNN`` escapes, which decode to the same string. A lone surrogate can only sit
    inside a JSON string, so replacing it with ``\\\\xNN`` (an escaped backslash and the byte in
    hex) makes that string decode to the text :func:`text` shows.
    """
    if not _JSON_RAW.search(encoded):
        return encoded
    return _JSON_RAW.sub(_json_escape, encoded)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return "\\" + _shown(match) if 0xD800 <= code <= 0xDFFF else f"\\u{code:04x}"
