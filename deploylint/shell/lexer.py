"""Shell tokenizer: words (with quoting, expansions and exact spans), operators, newlines.

One pass over the characters. Command substitutions are tokenized recursively (bounded by
``MAX_DEPTH``); backtick bodies are unescaped into a sub-text with their own position map.
Here-document bodies are skipped at the newline that follows their operator.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from deploylint.models.base import Diagnostic
from deploylint.shell.model import Expansion, Heredoc, Word
from deploylint.source import SourceFile, Span

MAX_DEPTH = 200

WORD = 0
OP = 1
NL = 2

_OPERATORS = (
    ";;&",
    "&>>",
    "<<<",
    "<<-",
    ";;",
    ";&",
    "&&",
    "||",
    "|&",
    "&>",
    "<<",
    "<&",
    "<>",
    ">>",
    ">&",
    ">|",
    "|",
    "&",
    ";",
    "<",
    ">",
    "(",
    ")",
)
_OPS3 = frozenset(o for o in _OPERATORS if len(o) == 3)
_OPS2 = frozenset(o for o in _OPERATORS if len(o) == 2)


def _op_at(text: str, i: int) -> str:
    """The longest operator starting at ``i`` (``text[i]`` is one of ``|&;<>()``)."""
    three = text[i : i + 3]
    if three in _OPS3:
        return three
    two = three[:2]
    if two in _OPS2:
        return two
    return three[:1]


REDIRECT_OPS = frozenset({"<", ">", ">>", ">|", "<>", "<&", ">&", "&>", "&>>", "<<", "<<-", "<<<"})
_META = frozenset(" \t\r\n|&;<>()")
# runs of characters that need no special handling inside a word / inside double quotes
_PLAIN = re.compile(r"[^ \t\r\n|&;<>()\\'\"`$*?\[]+")
_DQ_PLAIN = re.compile(r"[^\"\\$`]+")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PARAM_NAME = re.compile(r"[#!]?(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!-])")
_ARITH_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ANSI = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "e": "\x1b", "E": "\x1b", "f": "\f", "v": "\v"}


class Tok:
    """A token. ``s``/``e`` are source offsets (end exclusive); ``ti``/``te`` text indices."""

    __slots__ = ("arith", "e", "fd", "heredoc", "kind", "lexer", "op", "s", "subs", "te", "ti", "word")

    def __init__(self, kind: int, s: int, e: int, ti: int, te: int, lexer: Lexer) -> None:
        self.kind = kind
        self.s = s
        self.e = e
        self.ti = ti
        self.te = te
        self.lexer = lexer
        self.op = ""
        self.word: Word | None = None
        self.subs: list[tuple[str, list[Tok]]] = []
        self.fd: int | None = None
        self.heredoc: Heredoc | None = None
        self.arith = False

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        if self.kind == WORD and self.word is not None:
            return f"W({self.word.raw!r})"
        return f"OP({self.op!r})" if self.kind == OP else "NL"


class _WB:
    """Word under construction."""

    __slots__ = ("exps", "glob", "hasexp", "quoted", "subs", "val", "vmap")

    def __init__(self) -> None:
        self.val: list[str] = []
        self.vmap: list[int] = []  # text index of each value char
        self.quoted = False
        self.hasexp = False
        self.glob = False
        self.exps: list[Expansion] = []
        self.subs: list[tuple[str, list[Tok]]] = []


class Lexer:
    """Tokenizes ``text`` whose character ``i`` sits at source offset ``pos[i]``."""

    def __init__(
        self,
        text: str,
        pos: list[int],
        src: SourceFile,
        errors: list[Diagnostic],
        github: list[Expansion],
        heredocs: list[Heredoc],
        comments: list[Span],
        depth: int = 0,
        ends: list[int] | None = None,
    ) -> None:
        self.text = text
        self.n = len(text)
        self.pos = pos
        #: source offset just after character ``i`` when a character may be written with more than
        #: one (a YAML escape such as ``\"``); None: ``pos[i] + 1``
        self.ends = ends
        self.src = src
        self.errors = errors
        self.github = github
        self.heredocs = heredocs
        self.comments = comments
        self.depth = depth
        self.pending: list[tuple[str, bool, bool, Tok]] = []

    # ----- positions -----
    def off_end(self, te: int, ti: int) -> int:
        """Source offset just after the text range [ti, te)."""
        if te <= ti:
            return self.pos[ti]
        return self.ends[te - 1] if self.ends is not None else self.pos[te - 1] + 1

    def span(self, ti: int, te: int) -> Span:
        return fast_span(self.src, self.pos[ti], self.off_end(te, ti))

    def error(self, message: str, ti: int, te: int | None = None) -> None:
        ti = min(max(ti, 0), self.n)
        te = ti + 1 if te is None else te
        te = min(max(te, ti), self.n)
        self.errors.append(
            Diagnostic(message, self.span(ti, te) if te > ti else self.src.span(self.pos[ti], self.pos[ti]))
        )

    # ----- tokens -----
    def tokens(self, i: int, depth: int, stop_paren: bool) -> tuple[list[Tok], int, bool]:
        """Tokens from ``i``; with ``stop_paren`` stop after the ``)`` closing a ``$(``.

        Returns (tokens, index after the last consumed char, closed)."""
        text = self.text
        n = self.n
        toks: list[Tok] = []
        paren = 0
        case_depth = 0
        expect_delim: tuple[bool, Tok] | None = None
        while i < n:
            c = text[i]
            if c in " \t\r":
                i += 1
                continue
            if c == "\\" and i + 1 < n and text[i + 1] == "\n":
                i += 2
                continue
            if c == "\n":
                t = Tok(NL, self.pos[i], self.pos[i] + 1, i, i + 1, self)
                toks.append(t)
                i += 1
                if self.pending:
                    i = self.read_heredocs(i)
                continue
            if c == "#":
                j = text.find("\n", i)
                j = n if j < 0 else j
                self.comments.append(self.span(i, j))
                self.scan_github_in(i, j, "comment")
                i = j
                continue
            if c == "(" and i + 1 < n and text[i + 1] == "(" and _command_position(toks):
                j = _match_parens(text, i)
                if j > 0 and text[j - 2 : j] == "))":
                    t = self.arith_command(i, j)
                    toks.append(t)
                    i = j
                    continue
            if c in "<>" and i + 1 < n and text[i + 1] == "(":
                t, i = self.word(i, depth)
                toks.append(t)
                continue
            if c in "|&;<>()":
                op = _op_at(text, i)
                if op == ")" and stop_paren:
                    if paren > 0:
                        paren -= 1
                    elif case_depth <= 0:
                        return toks, i + 1, True
                elif op == "(":
                    paren += 1
                t = Tok(OP, self.pos[i], self.off_end(i + len(op), i), i, i + len(op), self)
                t.op = op
                if op in REDIRECT_OPS and toks:
                    prev = toks[-1]
                    pw = prev.word
                    if (
                        prev.kind == WORD
                        and prev.te == i
                        and pw is not None
                        and pw.raw.isdigit()
                        and pw.raw.isascii()
                        and len(pw.raw) < 4
                    ):
                        toks.pop()
                        t.fd = int(pw.raw)
                        t.s = prev.s
                        t.ti = prev.ti
                toks.append(t)
                if op in ("<<", "<<-"):
                    expect_delim = (op == "<<-", t)
                i += len(op)
                continue
            t, i = self.word(i, depth)
            w = t.word
            cmdpos = w is not None and w.raw in ("case", "esac") and _command_position(toks)
            toks.append(t)
            if expect_delim is not None:
                strip, optok = expect_delim
                expect_delim = None
                if w is not None:
                    self.pending.append((w.value, w.quoted, strip, optok))
            elif cmdpos and w is not None and not w.quoted:
                if w.raw == "case":
                    case_depth += 1
                elif w.raw == "esac":
                    case_depth -= 1
        if self.pending and not stop_paren:
            self.read_heredocs(n)
        return toks, n, False

    def arith_command(self, i: int, j: int) -> Tok:
        t = Tok(WORD, self.pos[i], self.off_end(j, i), i, j, self)
        wb = _WB()
        wb.hasexp = True
        inner_s, inner_e = i + 2, j - 2
        self.arith_names(wb, inner_s, inner_e)
        raw = self.text[i:j]
        wb.val.extend(raw)
        wb.vmap.extend(range(i, j))
        t.word = self.finish(wb, i, j)
        t.arith = True
        return t

    def read_heredocs(self, i: int) -> int:
        text = self.text
        n = self.n
        pending, self.pending = self.pending, []
        for delim, quoted, strip, optok in pending:
            body_start = i
            found = False
            while i < n:
                j = text.find("\n", i)
                j = n if j < 0 else j
                line = text[i:j].rstrip("\r")
                if strip:
                    line = line.lstrip("\t")
                if line == delim:
                    body_end = i
                    i = j + 1 if j < n else n
                    found = True
                    break
                i = j + 1 if j < n else n
            else:
                body_end = n
            if not found:
                body_end = n
                self.error(f"here-document delimited by end of text (wanted {delim!r})", optok.ti, optok.te)
            body = text[body_start:body_end]
            self.scan_github_in(body_start, body_end, "heredoc")
            hd = Heredoc(delim, quoted, strip, body, self.span(body_start, body_end) if body_end > body_start else None)
            optok.heredoc = hd
            self.heredocs.append(hd)
        return i

    def scan_github_in(self, a: int, b: int, context: str) -> None:
        text = self.text
        k = text.find("${{", a, b)
        while k >= 0:
            e = text.find("}}", k + 3, b)
            if e < 0:
                return
            end = e + 2
            raw = text[k:end]
            self.github.append(Expansion("github", raw[3:-2].strip(), raw, self.span(k, end), context))
            k = text.find("${{", end, b)

    # ----- words -----
    def word(self, i: int, depth: int) -> tuple[Tok, int]:
        text = self.text
        n = self.n
        start = i
        m = _PLAIN.match(text, i)
        if m is not None:
            e = m.end()
            if e == n or (text[e] in _META and text[e] != "("):
                # fast path: a plain word (no quotes, escapes, expansions or globs)
                pos = self.pos
                s_off = pos[i]
                e_off = self.off_end(e, i)
                raw = m.group()
                offs: tuple[int, ...] = () if e_off - s_off == e - i else (*(pos[k] for k in range(i, e)), e_off)
                t = Tok(WORD, s_off, e_off, i, e, self)
                t.word = Word(raw, raw, fast_span(self.src, s_off, e_off), offsets=offs)
                return t, e
        wb = _WB()
        while i < n:
            c = text[i]
            m = _PLAIN.match(text, i)
            if m is not None:
                e = m.end()
                wb.val.append(m.group())
                wb.vmap.extend(range(i, e))
                i = e
                continue
            if c in _META:
                if c in "<>" and i == start and i + 1 < n and text[i + 1] == "(":
                    i = self.substitution(wb, i + 1, depth, "procsubst", "unquoted", i)
                    continue
                if c == "(" and i > start and i + 1 <= n:
                    # array assignment a=(1 2) or extglob @(x|y)
                    so_far = "".join(wb.val)
                    if (not wb.quoted and _ends_assignment(so_far)) or so_far[-1:] in ("@", "!", "+", "*", "?"):
                        j = _match_parens(text, i)
                        j = n if j < 0 else j
                        wb.val.append(text[i:j])
                        wb.vmap.extend(range(i, j))
                        i = j
                        continue
                break
            if c == "\\":
                if i + 1 < n:
                    if text[i + 1] == "\n":
                        i += 2
                        continue
                    wb.quoted = True
                    wb.val.append(text[i + 1])
                    wb.vmap.append(i + 1)
                    i += 2
                else:
                    wb.val.append("\\")
                    wb.vmap.append(i)
                    i += 1
                continue
            if c == "'":
                wb.quoted = True
                j = text.find("'", i + 1)
                if j < 0:
                    self.error("unterminated single quote", i)
                    j = n
                k = text.find("${{", i + 1, j)
                if k >= 0 and text.find("}}", k + 3) >= 0:
                    # a GitHub expression may hold quotes of its own: it is one unit
                    j = self.single_with_github(wb, i + 1, j)
                    i = j + 1 if j < n else n
                    continue
                wb.val.append(text[i + 1 : j])
                wb.vmap.extend(range(i + 1, j))
                i = j + 1 if j < n else n
                continue
            if c == '"':
                i = self.dquote(wb, i, depth)
                continue
            if c == "`":
                i = self.backtick(wb, i, depth, "unquoted")
                continue
            if c == "$":
                i = self.dollar(wb, i, depth, "unquoted")
                continue
            # glob characters
            wb.glob = True
            wb.val.append(c)
            wb.vmap.append(i)
            i += 1
        t = Tok(WORD, self.pos[start], self.off_end(i, start), start, i, self)
        t.word = self.finish(wb, start, i)
        t.subs = wb.subs
        return t, i

    def finish(self, wb: _WB, start: int, end: int) -> Word:
        pos = self.pos
        vmap = wb.vmap
        if not wb.quoted and len(vmap) == end - start and pos[end - 1] - pos[start] == end - 1 - start:
            offs: list[int] | tuple[int, ...] = ()  # contiguous: derived from the span on demand
        else:
            offs = [pos[k] for k in vmap]
            offs.append(self.off_end(end, start))
        return Word(
            raw=self.text[start:end],
            value="".join(wb.val),
            span=self.span(start, end),
            quoted=wb.quoted,
            has_expansion=wb.hasexp,
            expansions=tuple(wb.exps),
            has_glob=wb.glob,
            offsets=tuple(offs),
        )

    def single_with_github(self, wb: _WB, i: int, j: int) -> int:
        """Single-quoted text from ``i`` that contains ``${{``; returns the closing quote index."""
        text = self.text
        n = self.n
        while i < n:
            k = text.find("${{", i)
            q = text.find("'", i)
            if q < 0:
                q = n
            if k < 0 or k > q or text.find("}}", k + 3) < 0:
                wb.val.append(text[i:q])
                wb.vmap.extend(range(i, q))
                if q >= n:
                    self.error("unterminated single quote", i)
                return q
            wb.val.append(text[i:k])
            wb.vmap.extend(range(i, k))
            i = self.github_expr(wb, k, "single")
        return n

    def github_expr(self, wb: _WB, i: int, context: str) -> int:
        text = self.text
        e = text.find("}}", i + 3)  # callers checked that it exists
        end = e + 2
        raw = text[i:end]
        exp = Expansion("github", raw[3:-2].strip(), raw, self.span(i, end), context)
        wb.exps.append(exp)
        self.github.append(exp)
        wb.hasexp = True
        wb.val.append(raw)
        wb.vmap.extend(range(i, end))
        return end

    def dquote(self, wb: _WB, i: int, depth: int) -> int:
        text = self.text
        n = self.n
        wb.quoted = True
        open_at = i
        i += 1
        while i < n:
            c = text[i]
            if c == '"':
                return i + 1
            m = _DQ_PLAIN.match(text, i)
            if m is not None:
                e = m.end()
                wb.val.append(m.group())
                wb.vmap.extend(range(i, e))
                i = e
                continue
            if c == "\\":
                nx = text[i + 1] if i + 1 < n else ""
                if nx == "\n":
                    i += 2
                    continue
                if nx in ('"', "\\", "$", "`"):
                    wb.val.append(nx)
                    wb.vmap.append(i + 1)
                    i += 2
                    continue
                wb.val.append("\\")
                wb.vmap.append(i)
                i += 1
                continue
            if c == "$":
                i = self.dollar(wb, i, depth, "double")
                continue
            # backtick
            i = self.backtick(wb, i, depth, "double")
        self.error("unterminated double quote", open_at)
        return n

    def dollar(self, wb: _WB, i: int, depth: int, context: str) -> int:
        text = self.text
        n = self.n
        nx = text[i + 1] if i + 1 < n else ""
        if nx == "{":
            if text.startswith("{{", i + 1) and text.find("}}", i + 3) >= 0:
                return self.github_expr(wb, i, context)
            return self.param(wb, i, depth, context)
        if nx == "(":
            if i + 2 < n and text[i + 2] == "(":
                j = _match_parens(text, i + 1)
                if j > 0 and text[j - 2 : j] == "))":
                    self.arith_names(wb, i + 3, j - 2)
                    wb.exps.append(Expansion("arith", "", text[i:j], self.span(i, j), context))
                    wb.hasexp = True
                    wb.val.append(text[i:j])
                    wb.vmap.extend(range(i, j))
                    return j
            return self.substitution(wb, i + 1, depth, "cmdsubst", context, i)
        if nx == "'" and context == "unquoted":
            return self.ansi_c(wb, i)
        if nx == '"' and context == "unquoted":
            return self.dquote(wb, i + 1, depth)
        m = _NAME.match(text, i + 1)
        if m is not None:
            e = m.end()
            wb.exps.append(Expansion("var", m.group(), text[i:e], self.span(i, e), context))
            wb.hasexp = True
            wb.val.append(text[i:e])
            wb.vmap.extend(range(i, e))
            return e
        if nx and (nx.isdigit() or nx in "@*#?$!-"):
            wb.exps.append(Expansion("special", nx, text[i : i + 2], self.span(i, i + 2), context))
            wb.hasexp = True
            wb.val.append(text[i : i + 2])
            wb.vmap.extend((i, i + 1))
            return i + 2
        wb.val.append("$")
        wb.vmap.append(i)
        return i + 1

    def arith_names(self, wb: _WB, a: int, b: int) -> None:
        text = self.text
        for m in _ARITH_NAME.finditer(text, a, b):
            s = m.start()
            if s > a and (text[s - 1].isalnum() or text[s - 1] in "_#"):
                continue  # part of a number like 0x1F or 16#FF
            # $x inside arithmetic is the same variable
            s0 = s - 1 if s > a and text[s - 1] == "$" else s
            wb.exps.append(Expansion("var", m.group(), text[s0 : m.end()], self.span(s0, m.end()), "unquoted"))

    def param(self, wb: _WB, i: int, depth: int, context: str) -> int:
        """``${...}`` from ``i`` (at ``$``): nested expansions inside are recorded too."""
        text = self.text
        n = self.n
        m = _PARAM_NAME.match(text, i + 2)
        name = m.group().lstrip("#!") or m.group() if m is not None else ""
        j = i + 2
        inner = _WB()  # collects nested expansions/substitutions
        level = 1
        while j < n:
            c = text[j]
            if c == "}":
                level -= 1
                if level == 0:
                    break
                j += 1
            elif c == "{":
                level += 1
                j += 1
            elif c == "\\":
                j += 2
            elif c == "'" and context != "double":
                k = text.find("'", j + 1)
                j = n if k < 0 else k + 1
            elif c == '"':
                j = self.dquote(inner, j, depth)
            elif c == "$":
                j = self.dollar(inner, j, depth, context)
            elif c == "`":
                j = self.backtick(inner, j, depth, context)
            else:
                j += 1
        if j >= n:
            self.error("unterminated ${", i, i + 2)
            end = n
        else:
            end = j + 1
        wb.exps.append(Expansion("param", name, text[i:end], self.span(i, end), context))
        wb.exps.extend(inner.exps)
        wb.subs.extend(inner.subs)
        wb.hasexp = True
        wb.val.append(text[i:end])
        wb.vmap.extend(range(i, end))
        return end

    def ansi_c(self, wb: _WB, i: int) -> int:
        """``$'...'`` with C escapes decoded (best effort)."""
        text = self.text
        n = self.n
        wb.quoted = True
        j = i + 2
        while j < n:
            c = text[j]
            if c == "'":
                return j + 1
            if c == "\\" and j + 1 < n:
                e = text[j + 1]
                if e in _ANSI:
                    wb.val.append(_ANSI[e])
                    wb.vmap.append(j)
                    j += 2
                    continue
                if e in "xuU":
                    width = {"x": 2, "u": 4, "U": 8}[e]
                    digits = ""
                    k = j + 2
                    while k < n and len(digits) < width and text[k] in "0123456789abcdefABCDEF":
                        digits += text[k]
                        k += 1
                    if digits:
                        try:
                            wb.val.append(chr(int(digits, 16)))
                        except (ValueError, OverflowError):
                            wb.val.append("?")
                        wb.vmap.append(j)
                        j = k
                        continue
                wb.val.append(e)
                wb.vmap.append(j + 1)
                j += 2
                continue
            wb.val.append(c)
            wb.vmap.append(j)
            j += 1
        self.error("unterminated $' quote", i, i + 2)
        return n

    def substitution(self, wb: _WB, i: int, depth: int, kind: str, context: str, start: int) -> int:
        """``$(``/``<(``/``>(`` whose ``(`` is at ``i``; returns the index after ``)``."""
        text = self.text
        if depth + 1 > MAX_DEPTH:
            self.error(f"substitutions nested deeper than {MAX_DEPTH} levels; not analysed", start, i + 1)
            j = _match_parens(text, i)
            end = self.n if j < 0 else j
            toks: list[Tok] = []
        else:
            toks, end, closed = self.tokens(i + 1, depth + 1, True)
            if not closed:
                self.error("unterminated command substitution", start, i + 1)
        wb.exps.append(Expansion(kind, "", text[start:end], self.span(start, end), context))
        wb.subs.append((kind, toks))
        wb.hasexp = True
        wb.val.append(text[start:end])
        wb.vmap.extend(range(start, end))
        return end

    def backtick(self, wb: _WB, i: int, depth: int, context: str) -> int:
        text = self.text
        n = self.n
        j = i + 1
        sub: list[str] = []
        smap: list[int] = []
        pos = self.pos
        while j < n and text[j] != "`":
            c = text[j]
            if c == "\\" and j + 1 < n:
                e = text[j + 1]
                if e in "$`\\" or (e == '"' and context == "double"):
                    sub.append(e)
                    smap.append(pos[j + 1])
                    j += 2
                    continue
                if e == "\n":
                    j += 2
                    continue
            sub.append(c)
            smap.append(pos[j])
            j += 1
        if j >= n:
            self.error("unterminated backquote", i)
            end = n
        else:
            end = j + 1
        smap.append(pos[j] if j < n else self.off_end(n, i))
        if depth + 1 > MAX_DEPTH:
            self.error(f"substitutions nested deeper than {MAX_DEPTH} levels; not analysed", i)
            toks: list[Tok] = []
        else:
            lx = Lexer("".join(sub), smap, self.src, self.errors, self.github, self.heredocs, self.comments, depth + 1)
            toks = lx.tokens(0, depth + 1, False)[0]
        wb.exps.append(Expansion("backtick", "", text[i:end], self.span(i, end), context))
        wb.subs.append(("backtick", toks))
        wb.hasexp = True
        wb.val.append(text[i:end])
        wb.vmap.extend(range(i, end))
        return end


def assignment_prefix(raw: str) -> tuple[int, int] | None:
    """For ``NAME=``, ``NAME+=`` or ``NAME[i]=`` at the start of ``raw``: (end of NAME, index of ``=``).

    None when ``raw`` does not start with an assignment. (A scan, not a regex: linear on any input.)
    """
    n = len(raw)
    if not n or not (raw[0] == "_" or (raw[0].isascii() and raw[0].isalpha())):
        return None
    i = 1
    while i < n and (raw[i] == "_" or (raw[i].isascii() and raw[i].isalnum())):
        i += 1
    name_end = i
    if i < n and raw[i] == "[":
        close = raw.find("]", i)
        if close < 0:
            return None
        i = close + 1
    if i < n and raw[i] == "+":
        i += 1
    if i < n and raw[i] == "=":
        return name_end, i
    return None


def _ends_assignment(so_far: str) -> bool:
    hit = assignment_prefix(so_far)
    return hit is not None and hit[1] == len(so_far) - 1


def fast_span(src: SourceFile, s: int, e: int) -> Span:
    """``src.span(s, e)`` without the generic clamping overhead (hot path)."""
    ls = src._line_starts
    n = len(src.text)
    if e <= s:
        e = s + 1
    a = s if 0 <= s <= n else min(max(s, 0), n)
    b = e if e <= n else n
    li = bisect_right(ls, a) - 1
    nxt = ls[li + 1] if li + 1 < len(ls) else n + 1
    lj = li if b < nxt else bisect_right(ls, b) - 1
    return Span(li + 1, a - ls[li] + 1, lj + 1, b - ls[lj] + 1, s, e, file=None if src.detached else src)


def _command_position(toks: list[Tok]) -> bool:
    if not toks:
        return True
    t = toks[-1]
    if t.kind == NL:
        return True
    if t.kind == OP:
        return t.op not in REDIRECT_OPS
    w = t.word
    return (
        w is not None
        and not w.quoted
        and w.raw in ("then", "do", "else", "elif", "if", "while", "until", "{", "!", "in", "for")
    )


def _match_parens(text: str, i: int) -> int:
    """Index after the ``)`` balancing the ``(`` at ``i`` (quotes skipped); -1 if none."""
    n = len(text)
    level = 0
    j = i
    while j < n:
        c = text[j]
        if c == "(":
            level += 1
        elif c == ")":
            level -= 1
            if level == 0:
                return j + 1
        elif c == "\\":
            j += 1
        elif c == "'":
            k = text.find("'", j + 1)
            if k < 0:
                return -1
            j = k
        elif c == '"':
            k = j + 1
            while k < n and text[k] != '"':
                k += 2 if text[k] == "\\" else 1
            if k >= n:
                return -1
            j = k
        j += 1
    return -1
