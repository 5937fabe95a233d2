"""Dockerfile parser: what BuildKit parses, with exact positions.

The line handling follows BuildKit's frontend parser (parser directives, the escape character,
continuations with comment and blank lines inside them, heredocs on RUN/COPY/ADD, JSON versus shell
form, instruction flags); instruction checks follow its instruction layer (argument counts, known
flags, stage names, what may precede the first FROM). Where BuildKit gives up on the whole file we
report a positioned diagnostic (DKR000) and carry on at the next instruction.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypedDict

from deploylint.models.base import Comment, Diagnostic, Located, Parsed
from deploylint.models.dockerfile import (
    Add,
    Arg,
    Cmd,
    Copy,
    Directive,
    Dockerfile,
    DockerIgnore,
    Entrypoint,
    Env,
    Expose,
    Flag,
    From,
    Healthcheck,
    Heredoc,
    IgnorePattern,
    Instruction,
    KeyValue,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    ShellText,
    Stage,
    Stopsignal,
    User,
    Volume,
    Workdir,
)
from deploylint.models.dockerfile_args import expand, unquote
from deploylint.models.images import ImageRef, image_ref
from deploylint.parsers import ParseEnv, Refused
from deploylint.profiles import profile_of
from deploylint.records import replace
from deploylint.source import SourceFile, Span

__all__ = ["parse", "parse_text"]

_LATIN_WS = frozenset(" \t\n\v\f\r\x85\xa0")
_SEP = frozenset(" \t\v\f\r")  # BuildKit's reWhitespace class
_SEP_RUN = re.compile(r"[\t\v\f\r ]+")
_NON_SEP = re.compile(r"[^\t\v\f\r ]+")
_DIRECTIVE = re.compile(r"^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$", re.ASCII)
_DIRECTIVES = frozenset(("syntax", "escape", "check"))
_HEREDOC = re.compile(r"^(\d*)<<(-?)\s*([^<]*)$")
_STAGE_NAME = re.compile(r"^[a-z][a-z0-9\-_.]*$")
_CONT = {
    "\\": re.compile(r"(?:([^\\])\\[ \t]*|^\\[ \t]*)\Z"),
    "`": re.compile(r"(?:([^`])`[ \t]*|^`[ \t]*)\Z"),
}

KNOWN_FLAGS: dict[str, frozenset[str]] = {
    "FROM": frozenset({"platform"}),
    "RUN": frozenset({"mount", "network", "security", "device"}),
    "COPY": frozenset({"from", "chown", "chmod", "link", "exclude", "parents"}),
    "ADD": frozenset({"chown", "chmod", "link", "keep-git-dir", "checksum", "unpack", "exclude"}),
    "HEALTHCHECK": frozenset({"interval", "timeout", "start-period", "start-interval", "retries"}),
}
INSTRUCTIONS = frozenset(
    {
        "ADD",
        "ARG",
        "CMD",
        "COPY",
        "ENTRYPOINT",
        "ENV",
        "EXPOSE",
        "FROM",
        "HEALTHCHECK",
        "LABEL",
        "MAINTAINER",
        "ONBUILD",
        "RUN",
        "SHELL",
        "STOPSIGNAL",
        "USER",
        "VOLUME",
        "WORKDIR",
    }
)


def _isspace(c: str) -> bool:
    return c in _LATIN_WS if c <= "\xff" else c.isspace()


def _lstrip_len(s: str, lo: int, hi: int) -> int:
    while lo < hi and _isspace(s[lo]):
        lo += 1
    return lo


def _rstrip_len(s: str, lo: int, hi: int) -> int:
    while hi > lo and _isspace(s[hi - 1]):
        hi -= 1
    return hi


class _Error(Exception):
    def __init__(self, message: str, lo: int = -1, hi: int = -1) -> None:
        super().__init__(message)
        self.lo = lo
        self.hi = hi


class _NotStrings(Exception):
    pass


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(name)


def _parse_json(text: str, lo: int, hi: int) -> list[tuple[str, int, int]] | None:
    """JSON array of strings in text[lo:hi] -> [(value, start, end)], None when not JSON."""
    lo = _lstrip_len(text, lo, hi)
    if lo >= hi or text[lo] != "[":
        return None
    chunk = text[lo:hi]
    try:
        data = json.loads(chunk, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, list):
        return None
    if not all(isinstance(x, str) for x in data):
        raise _NotStrings
    out: list[tuple[str, int, int]] = []
    i = 0
    n = len(chunk)
    for value in data:
        while i < n and chunk[i] != '"':
            i += 1
        start = i
        i += 1
        while i < n and chunk[i] != '"':
            i += 2 if chunk[i] == "\\" else 1
        i += 1
        out.append((value, lo + start, lo + min(i, n)))
    return out


def _parse_words(text: str, lo: int, hi: int, esc: str) -> list[tuple[str, int, int]]:
    """BuildKit's parseWords (quotes kept) with the index range of each word."""
    words: list[tuple[str, int, int]] = []
    phase = 0  # 0 spaces, 1 word, 2 quote
    quote = ""
    blank_ok = False
    buf: list[str] = []
    start = lo
    pos = lo
    while True:
        if phase == 0:
            if pos >= hi:
                break
            ch = text[pos]
            if _isspace(ch):
                pos += 1
                continue
            phase = 1
            start = pos
        if pos >= hi:
            if blank_ok or buf:
                words.append(("".join(buf), start, hi))
            break
        ch = text[pos]
        if phase == 1:
            if _isspace(ch):
                phase = 0
                if blank_ok or buf:
                    words.append(("".join(buf), start, pos))
                buf = []
                blank_ok = False
                pos += 1
                continue
            if ch in "'\"":
                quote = ch
                blank_ok = True
                phase = 2
            if ch == esc:
                if pos + 1 == hi:
                    pos += 1
                    continue
                buf.append(ch)
                pos += 1
                ch = text[pos]
            buf.append(ch)
            pos += 1
            continue
        # in quote
        if ch == quote:
            phase = 1
        if ch == esc and quote != "'":
            if pos + 1 == hi:
                phase = 1
                pos += 1
                continue
            pos += 1
            buf.append(ch)
            ch = text[pos]
        buf.append(ch)
        pos += 1
    return words


def _extract_flags(text: str, lo: int, hi: int, esc: str) -> tuple[int, list[tuple[str, int, int]]]:
    """BuildKit's extractBuilderFlags: (index where the arguments start, [(flag, start, end)])."""
    words: list[tuple[str, int, int]] = []
    phase = 0
    quote = ""
    blank_ok = False
    buf: list[str] = []
    start = lo
    pos = lo
    while True:
        if phase == 0:
            if pos >= hi:
                return hi, words
            ch = text[pos]
            if _isspace(ch):
                pos += 1
                continue
            if ch != "-" or pos + 1 >= hi or text[pos + 1] != "-":
                return pos, words
            phase = 1
            start = pos
        if pos >= hi:
            word = "".join(buf)
            if word != "--" and (blank_ok or word):
                words.append((word, start, hi))
            return hi, words
        ch = text[pos]
        if phase == 1:
            if _isspace(ch):
                word = "".join(buf)
                phase = 0
                if word == "--":
                    return pos, words
                if blank_ok or word:
                    words.append((word, start, pos))
                buf = []
                blank_ok = False
                pos += 1
                continue
            if ch in "'\"":
                quote = ch
                blank_ok = True
                phase = 2
                pos += 1
                continue
            if ch == esc:
                if pos + 1 >= hi:
                    pos += 1
                    continue
                pos += 1
                ch = text[pos]
            buf.append(ch)
            pos += 1
            continue
        if ch == quote:
            phase = 1
            pos += 1
            continue
        if ch == esc:
            if pos + 1 >= hi:
                phase = 1
                pos += 1
                continue
            pos += 1
            ch = text[pos]
        buf.append(ch)
        pos += 1


class _Parser:
    def __init__(self, src: SourceFile) -> None:
        self.src = src
        self.text = src.text
        self.errors: list[Diagnostic] = []
        self.comments: list[Comment] = []
        self.pending: list[int] = []  # comments waiting for the instruction below them
        self.directives: list[Directive] = []
        self.esc = "\\"
        self.instructions: list[Instruction] = []
        self.empty_continuations: list[Span] = []

    # -- errors -----------------------------------------------------------------------------
    def error(self, message: str, span: Span) -> None:
        self.errors.append(Diagnostic(message, span))

    # -- lines ------------------------------------------------------------------------------
    def run(self) -> None:
        text = self.text
        n = len(text)
        lines: list[tuple[int, int]] = []  # (start, end without line ending)
        pos = 0
        while pos < n:
            nl = text.find("\n", pos)
            nxt = n if nl < 0 else nl + 1
            end = n if nl < 0 else nl
            while end > pos and text[end - 1] in "\r\n":
                end -= 1
            lines.append((pos, end))
            pos = nxt
        self.lines = lines
        directives_done = False
        seen: set[str] = set()
        i = 0
        count = len(lines)
        while i < count:
            start, end = lines[i]
            first = _lstrip_len(text, start, end)
            is_comment = first < end and text[first] == "#"
            directive = False
            if not directives_done:
                directive_ok = self._directive(first, end, is_comment, seen)
                if directive_ok is None:
                    directives_done = True
                else:
                    directive = directive_ok
            if is_comment:
                self._comment(first, end, directive=directive)
                i += 1
                continue
            if first >= end:
                i += 1
                continue
            directives_done = True
            i = self._instruction_at(i, first)

    def _directive(self, first: int, end: int, is_comment: bool, seen: set[str]) -> bool | None:
        """Returns True for a directive, None when directive parsing ends here."""
        if not is_comment:
            return None
        m = _DIRECTIVE.match(self.text[_lstrip_len(self.text, first + 1, end) : end])
        if m is None:
            return None
        key = m.group(1).lower()
        if key not in _DIRECTIVES:
            return None
        span = self.src.span(first, end)
        if key in seen:
            self.error(f"only one {key} parser directive can be used", span)
            return True
        seen.add(key)
        value = m.group(2)
        if key == "escape":
            if value not in ("\\", "`"):
                self.error(f"invalid escape token {value!r} does not match ` or \\", span)
                return True
            self.esc = value
        self.directives.append(Directive(key, value, span))
        return True

    def _comment(self, first: int, end: int, *, directive: bool = False, inside: bool = False) -> None:
        stop = _rstrip_len(self.text, first, end)
        self.comments.append(
            Comment(self.src.span(first, max(stop, first + 1)), self.text[first + 1 : stop], directive=directive)
        )
        if not directive and not inside:
            self.pending.append(len(self.comments) - 1)

    def _instruction_at(self, i: int, first: int) -> int:
        """Parse the instruction starting on physical line i; return the next line index."""
        text = self.text
        lines = self.lines
        cont = _CONT[self.esc]
        parts: list[str] = []
        starts: list[int] = []
        offsets: list[int] = []
        length = 0
        start_line = i

        def add(a: int, b: int) -> bool:
            nonlocal length
            seg = text[a:b]
            m = cont.search(seg)
            if m is not None:
                keep = m.start() + (1 if m.group(1) is not None else 0)
                seg = seg[:keep]
            if seg:
                starts.append(length)
                offsets.append(a)
                parts.append(seg)
                length += len(seg)
            return m is None

        _, end = lines[i]
        last_end = _rstrip_len(text, first, end)
        done = add(first, end)
        i += 1
        while not done and i < len(lines):
            a, b = lines[i]
            i += 1
            fa = _lstrip_len(text, a, b)
            if fa < b and text[fa] == "#":
                self._comment(fa, b, inside=True)
                continue
            if fa >= b:
                self.empty_continuations.append(self.src.span(a, max(b, a + 1)))
                continue
            last_end = _rstrip_len(text, a, b)
            done = add(a, b)
        line = ShellText("".join(parts), tuple(starts), tuple(offsets))
        if not line.text:
            return i
        span_end = last_end
        try:
            ins = self._build(line, 0, len(line.text), span_start=first, span_end=span_end)
        except _Error as exc:
            lo = exc.lo if exc.lo >= 0 else 0
            hi = exc.hi if exc.hi > lo else len(line.text)
            self.error(str(exc), line.span(self.src, lo, hi))
            self._flush_pending(self.src.span(first, max(span_end, first + 1)))
            return i
        # heredocs
        if _can_heredoc(ins) and "<<" in line.text:
            docs, i, ok = self._heredocs(line, i, start_line)
            if docs:
                last = docs[-1].terminator
                span = self.src.span(first, last.end_offset)
                ins = _with_heredocs(ins, tuple(docs), span)
            if not ok:
                pass
        self._flush_pending(ins.span)
        self.instructions.append(ins)
        return i

    def _flush_pending(self, span: Span) -> None:
        for idx in self.pending:
            self.comments[idx] = replace(self.comments[idx], target=span)
        self.pending = []

    def _heredocs(self, line: ShellText, i: int, start_line: int) -> tuple[list[Heredoc], int, bool]:
        text = self.text
        lines = self.lines
        docs: list[Heredoc] = []
        for name, chomp, expand_, fd, lo, hi in _heredoc_words(line.text, self.esc):
            opener = line.span(self.src, lo, hi)
            body_start = lines[i][0] if i < len(lines) else len(text)
            j = i
            found = -1
            while j < len(lines):
                a, b = lines[j]
                cand = text[a:b]
                if chomp:
                    cand = cand.lstrip("\t")
                if cand == name:
                    found = j
                    break
                j += 1
            if found < 0:
                self.error(f"unterminated heredoc {name!r}: no line {name!r} ends it", opener)
                return docs, len(lines), False  # like BuildKit, the body runs to the end of the file
            term_start, term_end = lines[found]
            body_end = term_start
            content = text[body_start:body_end]
            body = self.src.span(body_start, body_end) if body_end > body_start else None
            term = self.src.span(term_start, max(term_end, term_start + 1))
            docs.append(Heredoc(name, chomp, expand_, fd, content, opener, body, term, body_start))
            i = found + 1
        return docs, i, True

    # -- instructions -----------------------------------------------------------------------
    def _build(
        self, line: ShellText, lo: int, hi: int, *, span_start: int, span_end: int, nested: bool = False
    ) -> Instruction:
        text = line.text
        src = self.src
        a = _lstrip_len(text, lo, hi)
        b = _rstrip_len(text, a, hi)
        m = _SEP_RUN.search(text, a, b)
        cmd_end = m.start() if m else b
        rest_lo = m.end() if m else b
        cmd = text[a:cmd_end]
        name = cmd.upper()
        keyword = Located(cmd, line.span(src, a, cmd_end))
        flags: list[Flag] = []
        args_lo = b
        if name not in INSTRUCTIONS:
            raise _Error(f"unknown instruction: {cmd}", a, cmd_end)
        known = KNOWN_FLAGS.get(name, frozenset())
        if rest_lo < b:
            args_lo, raw_flags = _extract_flags(text, rest_lo, b, self.esc)
            for word, fs, fe in raw_flags:
                body = word[2:] if word.startswith("--") else word
                fname, sep, fval = body.partition("=")
                if fname.lower() not in known:
                    # BuildKit's instruction layer refuses it; the instruction itself still parses
                    self.error(f"unknown flag for {name}: --{fname}", line.span(src, fs, fe))
                flags.append(Flag(fname.lower(), fval if sep else None, line.span(src, fs, fe), word))
        args_lo = _lstrip_len(text, args_lo, b)
        span = src.span(span_start, max(span_end, span_start + 1)) if not nested else line.span(src, a, b)
        rest = Located(text[args_lo:b], line.span(src, args_lo, b)) if args_lo < b else None
        common: _Common = {
            "name": name,
            "keyword": keyword,
            "span": span,
            "flags": tuple(flags),
            "rest": rest,
        }
        builder = _BUILDERS[name]
        return builder(self, line, args_lo, b, common)

    def soft(self, message: str, line: ShellText, lo: int, hi: int) -> None:
        """An error BuildKit's instruction layer reports; the instruction itself is kept."""
        self.error(message, line.span(self.src, lo, hi))

    def span(self, line: ShellText, lo: int, hi: int) -> Span:
        return line.span(self.src, lo, hi)

    def loc(self, line: ShellText, value: str, lo: int, hi: int) -> Located[str]:
        return Located(value, line.span(self.src, lo, hi))


def _can_heredoc(ins: Instruction) -> bool:
    if isinstance(ins, Onbuild):
        return ins.inner is not None and _can_heredoc(ins.inner)
    return ins.name in ("RUN", "COPY", "ADD") and not ins.json


def _with_heredocs(ins: Instruction, docs: tuple[Heredoc, ...], span: Span) -> Instruction:
    if isinstance(ins, Onbuild) and ins.inner is not None:
        return replace(ins, span=span, inner=replace(ins.inner, heredocs=docs))
    return replace(ins, span=span, heredocs=docs)


def _shell_words(text: str) -> list[tuple[str, int, int]]:
    """Split like BuildKit's shell lexer with raw quotes and escapes (quotes kept)."""
    out: list[tuple[str, int, int]] = []
    i = 0
    n = len(text)
    while i < n:
        while i < n and _isspace(text[i]):
            i += 1
        if i >= n:
            break
        start = i
        while i < n and not _isspace(text[i]):
            ch = text[i]
            if ch == "\\" and i + 1 < n:
                i += 2
                continue
            if ch in "'\"":
                j = i + 1
                while j < n and text[j] != ch:
                    j += 2 if (ch == '"' and text[j] == "\\") else 1
                i = min(j + 1, n)
                continue
            i += 1
        out.append((text[start:i], start, i))
    return out


def _heredoc_words(text: str, esc: str) -> list[tuple[str, bool, bool, int, int, int]]:
    out = []
    for word, lo, hi in _shell_words(text):
        m = _HEREDOC.match(word)
        if m is None or not m.group(3):
            continue
        rest = m.group(3)
        name = unquote(rest)
        if not name or (len(name.split()) != 1 and not any(q in rest for q in "'\"")):
            continue
        expand_ = not any(q in rest for q in "'\"")
        fd = int(m.group(1)) if m.group(1) else 0
        out.append((name, m.group(2) == "-", expand_, fd, lo, hi))
    return out


# -- per-instruction builders -------------------------------------------------------------------


if TYPE_CHECKING:

    class _Common(TypedDict):
        """The fields every instruction has, passed to its builder."""

        name: str
        keyword: Located[str]
        span: Span
        flags: tuple[Flag, ...]
        rest: Located[str] | None


_Builder = Callable[[_Parser, ShellText, int, int, "_Common"], Instruction]


def _words_ws(p: _Parser, line: ShellText, lo: int, hi: int) -> tuple[Located[str], ...]:
    return tuple(p.loc(line, m.group(), m.start(), m.end()) for m in _NON_SEP.finditer(line.text, lo, hi))


def _json_or(p: _Parser, line: ShellText, lo: int, hi: int) -> tuple[bool, tuple[Located[str], ...]]:
    try:
        items = _parse_json(line.text, lo, hi)
    except _NotStrings:
        raise _Error("when using JSON array syntax, arrays must be comprised of strings only", lo, hi) from None
    if items is None:
        return False, ()
    return True, tuple(p.loc(line, v, s, e) for v, s, e in items)


def _b_from(p: _Parser, line: ShellText, lo: int, hi: int, c: _Common) -> Instruction:
    raw = [(m.group(), m.start(), m.end()) for m in _NON_SEP.finditer(line.text, lo, hi)]
    words = tuple(p.loc(line, *w) for w in raw)
    stage = None
    as_kw = None
    if len(words) == 3 and words[1].value.lower() == "as":
        as_kw = words[1]
        stage = words[2]
        if not _STAGE_NAME.match(stage.value.lower()):
            raise _Error(
                f"invalid name for build stage: {stage.value!r}, name can't start with a number or contain symbols",
                raw[2][1],
                raw[2][2],
            )
    elif len(words) != 1:
        raise _Error("FROM requires either one or three arguments", lo, hi)
    plat = next((f for f in reversed(c["flags"]) if f.name == "platform"), None)
    platform = Located(plat.value or "", plat.span) if plat is not None else None
    return From(**c, args=words, image=words[0], stage_name=stage, as_keyword=as_kw, platform=platform)


def _b_shellish(cls: type[Instruction], *, need: bool) -> _Builder:
    def build(p: _Parser, line: ShellText, lo: int, hi: int, c: _Common) -> Instruction:
        if lo >= hi:
            if need:
                raise _Error(f"{c['name']} requires at least one argument", 0, len(line.text))
            return cls(**c, src=p.src)
        is_json, items = _json_or(p, line, lo, hi)
        if is_json:
            return cls(**c, args=items, json=True, src=p.src)
        st = _sub(line, lo, hi)
        return cls(**c, args=(p.loc(line, line.text[lo:hi], lo, hi),), shell_text=st, src=p.src)

    return build


def _sub(line: ShellText, lo: int, hi: int) -> ShellText:
    """The part text[lo:hi] of a joined line, with its own offset map."""
    starts: list[int] = []
    offsets: list[int] = []
    bounds = [*line.starts[1:], len(line.text)]
    for s, e, off in zip(line.starts, bounds, line.offsets, strict=True):
        a, b = max(s, lo), min(e, hi)
        if a < b:
            starts.append(a - lo)
            offsets.append(off + a - s)
    return ShellText(line.text[lo:hi], tuple(starts), tuple(offsets))


def _b_shell(p: _Parser, line: ShellText, lo: int, hi: int, c: _Common) -> Instruction:
    if lo >= hi:
        raise _Error("SHELL requires at least one argument", 0, len(line.text))
    is_json, items = _json_or(p, line, lo, hi)
    if not is_json:
        raise _Error("SHELL requires the arguments to be in JSON form", lo, hi)
    if not items:
        raise _Error("SHELL requires at least one argument", lo, hi)
    return Shell(**c, args=items, json=True)


def _b_copy(cls: type[Copy] | type[Add]) -> _Builder:
    def build(p: _Parser, line: ShellText, lo: int, hi: int, c: _Common) -> Instruction:
        is_json, items = _json_or(p, line, lo, hi)
        if not is_json:
            items = _words_ws(p, line, lo, hi)
        heredoc_words = 0 if is_json else len(_heredoc_words(line.text[lo:hi], p.esc))
        if len(items) < 2:
            raise _Error(
                f"{c['name']} requires at least two arguments, but only one was provided. Destination could not be"
                " determined",
                lo if lo < hi else 0,
                hi if lo < hi else len(line.text),
            )
        del heredoc_words
        return cls(**c, args=items, json=is_json, sources=items[:-1], dest=items[-1])

    return build


def _b_list(cls: type[Instruction], what: str) -> _Builder:
    def build(p: _Parser, line: ShellText, lo: int, hi: int, c: _Common) -> Instruction:
        is_json, items = _json_or(p, line, lo, hi) if cls is Volume else (False, ())
        if not is_json:
            items = _words_ws(p, line, lo, hi)
        if not items:
            raise _Error(f"{what} requires at least one argument", 0, len(line.text))
        if cls is Volume and any(not i.value.strip() for i in items):
            raise _Error("VOLUME specified can not be an empty string", lo, hi)
        return cls(**c, args=items, json=is_json)

    return build


def _b_string(cls: type[Instruction]) -> _Builder:
    """USER, WORKDIR, MAINTAINER, STOPSIGNAL: one argument, kept as ``value``."""

    def build(p: _Parser, line: ShellText, lo: int, hi: int, c: _Common) -> Instruction:
        if lo >= hi:
            raise _Error(f"{c['name']} requires exactly one argument", 0, len(line.text))
        value = p.loc(line, line.text[lo:hi], lo, hi)
        return cls(**c, args=(value,), value=value)

    return build


def _b_kv(cls: type[Env] | type[Label]) -> _Builder:
    def build(p: _Parser, line: ShellText, lo: int, hi: int, c: _Common) -> Instruction:
        name = c["name"]
        text = line.text
        words = _parse_words(text, lo, hi, p.esc)
        if not words:
            raise _Error(f"{name} requires at least one argument", 0, len(text))
        pairs: list[KeyValue] = []
        if "=" not in words[0][0]:
            m = _SEP_RUN.search(text, lo, hi)
            if m is None:
                raise _Error(f"{name} must have two arguments", lo, hi)
            key = p.loc(line, text[lo : m.start()], lo, m.start())
            raw = text[m.end() : hi]
            one = _parse_words(raw, 0, len(raw), p.esc)
            single = len(one) == 1 and one[0][1:] == (0, len(raw)) and not raw.endswith(p.esc)
            pairs.append(
                KeyValue(key, p.loc(line, unquote(raw, p.esc), m.end(), hi), raw, legacy=True, one_word=single)
            )
        else:
            for word, ws, we in words:
                if "=" not in word:
                    raise _Error(f"Syntax error - can't find = in {word!r}. Must be of the form: name=value", ws, we)
                k, _, v = word.partition("=")
                eq = ws + len(k)
                if not k:
                    raise _Error(f"{name} names can not be blank", ws, we)
                key = p.loc(line, k, ws, eq)
                pairs.append(KeyValue(key, p.loc(line, unquote(v, p.esc), eq + 1, max(we, eq + 1)), v))
        return cls(**c, pairs=tuple(pairs))

    return build


def _b_arg(p: _Parser, line: ShellText, lo: int, hi: int, c: _Common) -> Instruction:
    words = _parse_words(line.text, lo, hi, p.esc)
    if not words:
        raise _Error("ARG requires at least one argument", 0, len(line.text))
    pairs: list[KeyValue] = []
    for word, ws, we in words:
        k, sep, v = word.partition("=")
        if not k:
            raise _Error("ARG names can not be blank", ws, we)
        eq = ws + len(k)
        key = p.loc(line, k, ws, eq)
        if sep:
            pairs.append(KeyValue(key, p.loc(line, unquote(v, p.esc), eq + 1, max(we, eq + 1)), v))
        else:
            pairs.append(KeyValue(key, None, None))
    args = tuple(p.loc(line, w, s, e) for w, s, e in words)
    return Arg(**c, args=args, pairs=tuple(pairs))


def _b_healthcheck(p: _Parser, line: ShellText, lo: int, hi: int, c: _Common) -> Instruction:
    text = line.text
    if lo >= hi:
        p.soft("HEALTHCHECK requires at least one argument", line, 0, len(text))
        return Healthcheck(**c, src=p.src)
    sep = lo
    while sep < hi and not _isspace(text[sep]):
        sep += 1
    nxt = _lstrip_len(text, sep, hi)
    kind = p.loc(line, text[lo:sep], lo, sep)
    typ = kind.value.upper()
    is_json = False
    cmd: tuple[Located[str], ...] = ()
    st = None
    if nxt < hi:
        is_json, cmd = _json_or(p, line, nxt, hi)
        if not is_json:
            cmd = (p.loc(line, text[nxt:hi], nxt, hi),)
            st = _sub(line, nxt, hi)
    if typ == "NONE":
        if nxt < hi or c["flags"]:
            p.soft("HEALTHCHECK NONE takes no arguments", line, lo, hi)
    elif typ == "CMD":
        if not cmd:
            p.soft("Missing command after HEALTHCHECK CMD", line, lo, hi)
    else:
        p.soft(f"Unknown type {kind.value!r} in HEALTHCHECK (try CMD)", line, lo, sep)
    return Healthcheck(**c, args=(kind, *cmd), json=is_json, kind=kind, command=cmd, shell_text=st, src=p.src)


def _b_onbuild(p: _Parser, line: ShellText, lo: int, hi: int, c: _Common) -> Instruction:
    if lo >= hi:
        raise _Error("ONBUILD requires at least one argument", 0, len(line.text))
    m = _SEP_RUN.search(line.text, lo, hi)
    trigger = line.text[lo : m.start() if m else hi].upper()
    if trigger == "ONBUILD":
        raise _Error("chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed", lo, m.start() if m else hi)
    if trigger in ("MAINTAINER", "FROM"):
        raise _Error(f"{trigger} isn't allowed as an ONBUILD trigger", lo, m.start() if m else hi)
    if trigger not in INSTRUCTIONS:
        raise _Error(f"unknown instruction: {line.text[lo : m.start() if m else hi]}", lo, m.start() if m else hi)
    # BuildKit stores the trigger as text and checks it only when a child image builds FROM this
    # one, so what is wrong inside it (``ONBUILD SHELL x``) is not an error of this file: the
    # trigger is kept without an inner instruction and its instruction-layer errors are dropped
    errors = len(p.errors)
    try:
        inner: Instruction | None = p._build(line, lo, hi, span_start=0, span_end=0, nested=True)
    except _Error:
        inner = None
    del p.errors[errors:]
    return Onbuild(**c, inner=inner)


_BUILDERS: dict[str, _Builder] = {
    "FROM": _b_from,
    "RUN": _b_shellish(Run, need=True),
    "CMD": _b_shellish(Cmd, need=False),
    "ENTRYPOINT": _b_shellish(Entrypoint, need=False),
    "SHELL": _b_shell,
    "COPY": _b_copy(Copy),
    "ADD": _b_copy(Add),
    "ENV": _b_kv(Env),
    "LABEL": _b_kv(Label),
    "ARG": _b_arg,
    "USER": _b_string(User),
    "WORKDIR": _b_string(Workdir),
    "MAINTAINER": _b_string(Maintainer),
    "STOPSIGNAL": _b_string(Stopsignal),
    "EXPOSE": _b_list(Expose, "EXPOSE"),
    "VOLUME": _b_list(Volume, "VOLUME"),
    "HEALTHCHECK": _b_healthcheck,
    "ONBUILD": _b_onbuild,
}


# -- stages ------------------------------------------------------------------------------------


def _stages(p: _Parser) -> tuple[list[Instruction], list[Stage], list[Arg]]:
    stages: list[Stage] = []
    global_args: list[Arg] = []
    variables: dict[str, str | None] = {}
    out: list[Instruction] = []
    shells: list[tuple[str, ...]] = []
    named: dict[str, Stage] = {}
    early = False
    for ins in p.instructions:
        if isinstance(ins, From):
            image = ins.image
            assert image is not None
            resolved = expand(image.value, variables)
            parent = None
            if resolved is not None:
                low = resolved.lower()
                parent = named.get(low)  # the last stage of that name (a dict: a scan per FROM was quadratic)
            ins = replace(ins, stage_index=len(stages))
            shells.append(shells[parent.index] if parent is not None else _default_shell(resolved or image.value))
            base: ImageRef = image_ref(image, resolved, parent)
            stages.append(Stage(len(stages), ins, base, ins.stage_name, parent))
            if ins.stage_name is not None:
                named[ins.stage_name.value.lower()] = stages[-1]
            out.append(ins)
            continue
        if not stages:
            if isinstance(ins, Arg):
                for pair in ins.pairs:
                    raw = pair.raw_value
                    if raw is None:
                        variables.setdefault(pair.name, None)
                    else:
                        val = expand(unquote(raw, p.esc), variables) if "$" in raw else unquote(raw, p.esc)
                        variables[pair.name] = val
                global_args.append(ins)
                out.append(ins)
                continue
            if not early:
                early = True  # one finding per file is enough
                p.error(f"{ins.keyword.value} before the first FROM: only ARG may come before FROM", ins.keyword.span)
            out.append(ins)
            continue
        if isinstance(ins, Shell) and ins.args:
            shells[-1] = tuple(a.value for a in ins.args)
        ins = _in_stage(ins, len(stages) - 1, shells[-1])
        if isinstance(ins, Onbuild) and ins.inner is not None:
            ins = replace(ins, inner=_in_stage(ins.inner, len(stages) - 1, shells[-1]))
        stages[-1].instructions.append(ins)
        out.append(ins)
    return out, stages, global_args


def _in_stage(ins: Instruction, index: int, shell: tuple[str, ...]) -> Instruction:
    """``ins`` marked with its stage, and a RUN with the SHELL in effect."""
    if isinstance(ins, Run):
        return replace(ins, stage_index=index, shell=shell)
    return replace(ins, stage_index=index)


def _default_shell(image: str) -> tuple[str, ...]:
    """The shell RUN uses when no SHELL is set: ``cmd`` on Windows base images."""
    low = image.lower()
    if "windows" in low or "nanoserver" in low or "servercore" in low:
        return ("cmd", "/S", "/C")
    return ("/bin/sh", "-c")


# -- .dockerignore -----------------------------------------------------------------------------


def _dockerignore(src: SourceFile, env: ParseEnv | None) -> tuple[DockerIgnore | None, Path | None]:
    if env is None:
        return None, None
    folder = src.path.parent
    for cand in (folder / f"{src.path.name}.dockerignore", folder / ".dockerignore"):
        # lexists as well: a link out of the root is refused by the env, but Docker would use it;
        # neither raises (a name too long to exist is not there)
        if env.exists(cand) or os.path.lexists(cand):
            return read_dockerignore(cand, env.read), folder
    return None, folder


def read_dockerignore(path: Path, read: Callable[[Path], SourceFile]) -> DockerIgnore:
    """The ignore file at ``path`` (which is there), or one that records why it could not be
    read (:attr:`DockerIgnore.unread`)."""
    try:
        return parse_dockerignore(read(path))
    except Refused as exc:
        reason = str(exc)
    except OSError as exc:
        reason = exc.strerror or str(exc)
    return DockerIgnore(SourceFile(path, ""), (), unread=reason or "not readable")


def parse_dockerignore(ign: SourceFile) -> DockerIgnore:
    pats: list[IgnorePattern] = []
    for n in range(1, ign.line_count + 1):
        raw = ign.line_text(n)
        s = raw.strip()
        if not s or s.startswith("#"):
            continue
        neg = s.startswith("!")
        body = s[1:].strip() if neg else s
        col = raw.index(s[0]) + 1
        pats.append(IgnorePattern(body, neg, ign.span_lc(n, col, n, col + len(s))))
    return DockerIgnore(ign, tuple(pats))


# -- entry points ------------------------------------------------------------------------------


def parse(src: SourceFile, env: ParseEnv | None = None) -> Parsed[Dockerfile]:
    p = _Parser(src)
    p.run()
    if not p.instructions and not p.errors:
        p.error("file with no instructions: a Dockerfile needs at least a FROM", Span(1, 1, 1, 2, 0, 1, file=src))
    instructions, stages, global_args = _stages(p)
    ignore, context = _dockerignore(src, env)
    model = Dockerfile(
        src,
        instructions,
        stages,
        global_args,
        p.directives,
        p.esc,
        ignore,
        context,
        tuple(p.empty_continuations),
        tuple(p.comments),
        profile_of(src.path, env.root, env.settings) if env is not None else profile_of(src.path, None),
        tuple(e.span for e in p.errors),
    )
    if env is not None:
        section = env.settings.section("dockerfile")
        labels = section.get("required-labels")
        model.label_schema = tuple((str(k), str(v)) for k, v in labels.items()) if isinstance(labels, dict) else ()
        model.strict_labels = bool(section.get("strict-labels"))
    return Parsed(model, p.errors, p.comments)


def parse_text(text: str, path: str = "Dockerfile") -> Parsed[Dockerfile]:
    """Parse a Dockerfile given as text (for tests and tools)."""
    return parse(SourceFile(Path(path), text), None)
