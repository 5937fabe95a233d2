"""Shell grammar over the lexer's tokens: lists, and-or lists, pipelines, compound commands.

Command substitutions and literal ``sh -c`` strings are parsed from a work queue (not by
recursion), so their nesting costs no Python stack. Compound nesting is bounded by
``MAX_COMPOUND_DEPTH``.
"""

from __future__ import annotations

from collections import deque
from dataclasses import field

from deploylint.models.base import Diagnostic
from deploylint.records import record
from deploylint.shell.lexer import MAX_DEPTH, NL, OP, REDIRECT_OPS, WORD, Lexer, Tok, assignment_prefix, fast_span
from deploylint.shell.model import (
    Assignment,
    Command,
    Expansion,
    Heredoc,
    Pipeline,
    Redirect,
    Script,
    Word,
    parse_args,
)
from deploylint.shell.options import value_options_for
from deploylint.source import SourceFile, Span

MAX_COMPOUND_DEPTH = 100

RESERVED = frozenset(
    {"if", "then", "elif", "else", "fi", "do", "done", "case", "esac", "while", "until", "for", "select"}
    | {"{", "}", "!", "function", "in"}
)
SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "yash", "busybox-sh"})
_SUBST_CONTEXT = {"cmdsubst": "cmdsubst", "backtick": "backtick", "procsubst": "procsubst"}


class _C:
    __slots__ = (
        "after",
        "args",
        "assigns",
        "background",
        "before",
        "contexts",
        "e",
        "name",
        "negated",
        "pidx",
        "pipe",
        "redirects",
        "s",
        "src",
        "unit",
    )

    def __init__(self, contexts: tuple[str, ...], unit: int, src: SourceFile) -> None:
        self.name: Word | None = None
        self.args: list[Word] = []
        self.assigns: list[Assignment] = []
        self.redirects: list[Redirect] = []
        self.s = 0
        self.e = 0
        self.contexts = contexts
        self.negated = False
        self.background = False
        self.before: str | None = None
        self.after: str | None = None
        self.pipe: _P | None = None
        self.pidx = 0
        self.unit = unit
        self.src = src


@record(frozen=False, slots=False)
class _P:
    cmds: list[_C]
    s: int
    e: int
    size: int
    negated: bool
    ops: tuple[str, ...]
    unit: int
    src: SourceFile
    condition: bool = False


@record(frozen=False, slots=False)
class _Unit:
    parent: int
    inherits: bool
    initial: bool


@record(frozen=False, slots=False)
class _Builder:
    src: SourceFile
    errors: list[Diagnostic]
    cmds: list[_C] = field(default_factory=list)
    pipes: list[_P] = field(default_factory=list)
    queue: deque[tuple[list[Tok], tuple[str, ...], int]] = field(default_factory=deque)
    units: list[_Unit] = field(default_factory=list)


class _Parser:
    def __init__(self, toks: list[Tok], b: _Builder, contexts: tuple[str, ...], unit: int) -> None:
        self.toks = toks
        self.n = len(toks)
        self.i = 0
        self.b = b
        self.ctx = list(contexts)
        self.depth = 0
        self.unit = unit
        self.pending: str | None = None
        self.last: _C | None = None
        #: one entry per list being parsed inside a compound: True for an if/elif/while/until condition
        self.cond: list[bool] = []

    # ----- helpers -----
    def peek(self, k: int = 0) -> Tok | None:
        j = self.i + k
        return self.toks[j] if j < self.n else None

    def error(self, message: str, t: Tok | None) -> None:
        if t is None:
            if self.toks:
                last = self.toks[-1]
                sp = last.lexer.src.span(last.e, last.e)
            else:
                sp = self.b.src.span(0, 0)
        else:
            sp = t.lexer.src.span(t.s, t.e)
        self.b.errors.append(Diagnostic(message, sp))

    def keyword(self, t: Tok | None) -> str | None:
        if t is None or t.kind != WORD or t.word is None:
            return None
        w = t.word
        if w.quoted or w.has_expansion or w.raw not in RESERVED:
            return None
        return w.raw

    def is_stop(self, t: Tok | None, stops: frozenset[str]) -> bool:
        if t is None:
            return True
        if t.kind == OP:
            return t.op in stops
        kw = self.keyword(t)
        return kw is not None and kw in stops

    def skip_newlines(self) -> None:
        while self.i < self.n and self.toks[self.i].kind == NL:
            self.sep("\n")
            self.i += 1

    def sep(self, op: str) -> None:
        if self.last is not None and self.last.after is None:
            self.last.after = op
        self.pending = op

    def queue_subs(self, t: Tok) -> None:
        for kind, toks in t.subs:
            if toks:
                self.b.queue.append((toks, (*self.ctx, _SUBST_CONTEXT.get(kind, kind)), self.unit))

    def enter(self, label: str, at: Tok | None) -> bool:
        self.depth += 1
        if self.depth > MAX_COMPOUND_DEPTH:
            self.error(f"compound commands nested deeper than {MAX_COMPOUND_DEPTH} levels; rest not analysed", at)
            self.i = self.n
            self.depth -= 1
            return False
        self.ctx.append(label)
        return True

    def leave(self) -> None:
        self.ctx.pop()
        self.depth -= 1

    def expect_kw(self, kw: str, opener: Tok | None) -> bool:
        t = self.peek()
        if self.keyword(t) == kw:
            self.i += 1
            return True
        what = f"'{self.keyword(opener)}'" if opener is not None and self.keyword(opener) else "compound command"
        self.error(f"expected '{kw}' to close {what}", t if t is not None else opener)
        return False

    # ----- grammar -----
    def program(self) -> None:
        self.list(frozenset())
        while self.i < self.n:  # pragma: no cover - list() consumes everything at top level
            self.i += 1

    def list(self, stops: frozenset[str]) -> None:
        while True:
            self.skip_newlines()
            t = self.peek()
            if t is None:
                return
            if self.is_stop(t, stops):
                return
            if t.kind == OP and t.op in (";", "&", "&&", "||", "|", "|&"):
                self.error(f"unexpected '{t.op}'", t)
                self.i += 1
                continue
            before = self.i
            start = len(self.b.cmds)
            self.and_or()
            if self.i == before:
                # nothing parsed: an unexpected token here
                kw = self.keyword(t)
                if t.kind == OP and t.op == ")":
                    self.error("unexpected ')'", t)
                elif t.kind == OP and t.op in (";;", ";&", ";;&"):
                    self.error(f"'{t.op}' outside a case", t)
                elif kw is not None:
                    self.error(f"unexpected '{kw}'", t)
                else:
                    self.error("unexpected token", t)
                self.i += 1
                continue
            t = self.peek()
            if t is not None and t.kind == OP and t.op in (";", "&"):
                if t.op == "&":
                    for c in self.b.cmds[start:]:
                        c.background = True
                self.sep(t.op)
                self.i += 1
            elif t is not None and t.kind == NL:
                pass
            elif t is not None and not self.is_stop(t, stops) and not (t.kind == OP and t.op == ")"):
                kw = self.keyword(t)
                if kw is None or kw not in ("then", "do", "fi", "done", "esac", "}", "else", "elif"):
                    self.error("expected ';' or a newline before this", t)

    def and_or(self) -> None:
        self.pipeline()
        while True:
            t = self.peek()
            if t is None or t.kind != OP or t.op not in ("&&", "||"):
                return
            self.sep(t.op)
            self.i += 1
            self.skip_newlines_keep(t.op)
            before = self.i
            self.pipeline()
            if self.i == before:
                self.error(f"'{t.op}' needs a command after it", t)
                return

    def skip_newlines_keep(self, op: str) -> None:
        while self.i < self.n and self.toks[self.i].kind == NL:
            self.i += 1
        self.pending = op

    def pipeline(self) -> None:
        i0 = self.i
        negated = False
        t = self.peek()
        if self.keyword(t) == "!":
            negated = True
            self.i += 1
        first = self.i
        elements: list[_C | None] = []
        ops: list[str] = []
        cmd_start = len(self.b.cmds)
        while True:
            before = self.i
            el = self.command()
            if self.i == before:
                if ops:
                    self.error(f"'{ops[-1]}' needs a command after it", self.peek())
                break
            elements.append(el)
            t = self.peek()
            if t is not None and t.kind == OP and t.op in ("|", "|&"):
                ops.append(t.op)
                self.sep(t.op)
                self.i += 1
                self.skip_newlines_keep(t.op)
                continue
            break
        if negated:
            for c in self.b.cmds[cmd_start:]:
                if len(c.contexts) == len(self.ctx):
                    c.negated = True
            if self.i == first:
                self.i = i0  # lone '!' is a plain word (e.g. `!` as a command name)
                self.simple()
        if len(elements) >= 2:
            s_tok = self.toks[first]
            e_tok = self.toks[self.i - 1]
            p = _P(
                [c for c in elements if c is not None],
                s_tok.s,
                e_tok.e,
                len(elements),
                negated,
                tuple(ops),
                self.unit,
                s_tok.lexer.src,
                bool(self.cond) and self.cond[-1],
            )
            for k, c in enumerate(p.cmds):
                c.pipe = p
                c.pidx = k
            self.b.pipes.append(p)

    def command(self) -> _C | None:
        t = self.peek()
        if t is None:
            return None
        if t.kind == WORD:
            if t.arith:
                self.i += 1
                self.redirects_after_compound()
                return None
            kw = self.keyword(t)
            if kw is not None:
                if kw == "if":
                    self.if_clause(t)
                elif kw in ("for", "select"):
                    self.for_clause(t)
                elif kw in ("while", "until"):
                    self.while_clause(t, kw)
                elif kw == "case":
                    self.case_clause(t)
                elif kw == "{":
                    self.group(t)
                elif kw == "function":
                    self.function_kw(t)
                else:
                    return None
                self.redirects_after_compound()
                return None
            nx, nx2 = self.peek(1), self.peek(2)
            if (
                nx is not None
                and nx.kind == OP
                and nx.op == "("
                and nx2 is not None
                and nx2.kind == OP
                and nx2.op == ")"
                and t.word is not None
                and not t.word.quoted
            ):
                self.i += 3
                self.function_body(t)
                return None
            return self.simple()
        if t.kind == OP:
            if t.op == "(":
                self.subshell(t)
                self.redirects_after_compound()
                return None
            if t.op in REDIRECT_OPS:
                return self.simple()
        return None

    def simple(self) -> _C | None:
        t0 = self.peek()
        if t0 is None:
            return None
        c = _C(tuple(self.ctx), self.unit, t0.lexer.src)
        c.s = t0.s
        c.e = t0.e
        test = False
        while self.i < self.n:
            t = self.toks[self.i]
            if t.kind == WORD and t.word is not None:
                w = t.word
                self.i += 1
                self.queue_subs(t)
                c.e = t.e
                if c.name is None and not c.args:
                    m = assignment_prefix(w.raw)
                    if m is not None:
                        c.assigns.append(_assignment(w, m, t.lexer.src))
                        continue
                    c.name = w
                    if w.raw == "[[" and not w.quoted:
                        test = True
                        self.test_body(c)
                        break
                    continue
                c.args.append(w)
                continue
            if t.kind == OP and t.op in REDIRECT_OPS:
                self.i += 1
                tgt = self.peek()
                target: Word | None = None
                end = t.e
                if tgt is not None and tgt.kind == WORD and tgt.word is not None and not tgt.arith:
                    target = tgt.word
                    self.queue_subs(tgt)
                    end = tgt.e
                    self.i += 1
                else:
                    self.error(f"'{t.op}' needs a target", t)
                c.redirects.append(Redirect(t.op, target, t.fd, t.lexer.src.span(t.s, end), t.heredoc))
                c.e = end
                continue
            break
        del test
        c.before = self.pending
        self.pending = None
        self.b.cmds.append(c)
        self.last = c
        return c

    def test_body(self, c: _C) -> None:
        """``[[ ... ]]``: everything up to ``]]`` is an argument, operators included."""
        while self.i < self.n:
            t = self.toks[self.i]
            if t.kind == NL:
                break
            self.i += 1
            c.e = t.e
            if t.kind == WORD and t.word is not None:
                self.queue_subs(t)
                c.args.append(t.word)
                if t.word.raw == "]]":
                    return
            else:
                c.args.append(_op_word(t))
        self.error("'[[' without ']]'", None)

    def redirects_after_compound(self) -> None:
        while True:
            t = self.peek()
            if t is None or t.kind != OP or t.op not in REDIRECT_OPS:
                return
            self.i += 1
            tgt = self.peek()
            if tgt is not None and tgt.kind == WORD:
                self.queue_subs(tgt)
                self.i += 1
            else:
                self.error(f"'{t.op}' needs a target", t)

    def if_clause(self, t: Tok) -> None:
        self.i += 1
        if not self.enter("if", t):
            return
        self.condition_list(frozenset({"then"}))
        if self.expect_kw("then", t):
            self.body_list(frozenset({"elif", "else", "fi"}))
            while self.keyword(self.peek()) == "elif":
                self.i += 1
                self.condition_list(frozenset({"then"}))
                if not self.expect_kw("then", t):
                    break
                self.body_list(frozenset({"elif", "else", "fi"}))
            if self.keyword(self.peek()) == "else":
                self.i += 1
                self.body_list(frozenset({"fi"}))
            self.expect_kw("fi", t)
        self.leave()

    def condition_list(self, stops: frozenset[str], condition: bool = True) -> None:
        """A list inside a compound: an if/elif/while/until condition (``condition``), whose status
        is tested rather than taken as a failure, or a body (``condition=False``)."""
        self.cond.append(condition)
        try:
            self.list(stops)
        finally:
            self.cond.pop()

    def body_list(self, stops: frozenset[str]) -> None:
        self.condition_list(stops, condition=False)

    def for_clause(self, t: Tok) -> None:
        self.i += 1
        nt = self.peek()
        if nt is not None and nt.kind == WORD and nt.arith:
            self.i += 1
        elif nt is not None and nt.kind == WORD:
            self.i += 1
            self.skip_nl_only()
            if self.keyword(self.peek()) == "in":
                self.i += 1
                while self.i < self.n:
                    w = self.toks[self.i]
                    if w.kind != WORD:
                        break
                    self.queue_subs(w)
                    self.i += 1
        else:
            self.error("'for' needs a variable name", nt or t)
        st = self.peek()
        if st is not None and st.kind == OP and st.op == ";":
            self.i += 1
        self.skip_nl_only()
        self.loop_body(t, "for")

    def skip_nl_only(self) -> None:
        while self.i < self.n and self.toks[self.i].kind == NL:
            self.i += 1

    def loop_body(self, t: Tok, label: str) -> None:
        if self.keyword(self.peek()) == "{" and label == "for":  # bash: for x in y; { ...; }
            self.group(t)
            return
        if not self.expect_kw("do", t):
            return
        if not self.enter(label, t):
            return
        self.body_list(frozenset({"done"}))
        self.expect_kw("done", t)
        self.leave()

    def while_clause(self, t: Tok, kw: str) -> None:
        self.i += 1
        if not self.enter(kw, t):
            return
        self.condition_list(frozenset({"do"}))
        self.leave()
        self.loop_body(t, kw)

    def case_clause(self, t: Tok) -> None:
        self.i += 1
        subj = self.peek()
        if subj is None or subj.kind != WORD:
            self.error("'case' needs a word", subj or t)
            return
        self.queue_subs(subj)
        self.i += 1
        self.skip_nl_only()
        if not self.expect_kw("in", t):
            return
        if not self.enter("case", t):
            return
        item_stops = frozenset({"esac", ";;", ";&", ";;&"})
        while True:
            self.skip_nl_only()
            p = self.peek()
            if p is None:
                self.error("expected 'esac' to close 'case'", t)
                break
            if self.keyword(p) == "esac":
                self.i += 1
                break
            if p.kind == OP and p.op == "(":
                self.i += 1
            ok = False
            while self.i < self.n:
                q = self.toks[self.i]
                if q.kind == WORD:
                    self.queue_subs(q)
                    self.i += 1
                elif q.kind == OP and q.op == "|":
                    self.i += 1
                elif q.kind == OP and q.op == ")":
                    self.i += 1
                    ok = True
                    break
                else:
                    break
            if not ok:
                self.error("expected ')' after a case pattern", self.peek() or p)
                # resynchronise at the next ';;' or 'esac'
                while self.i < self.n and not self.is_stop(self.toks[self.i], item_stops):
                    self.i += 1
            else:
                self.list(item_stops)
            q2 = self.peek()
            if q2 is not None and q2.kind == OP and q2.op in (";;", ";&", ";;&"):
                self.sep(";")
                self.i += 1
        self.leave()

    def group(self, t: Tok, label: str = "group") -> None:
        self.i += 1
        if not self.enter(label, t):
            return
        self.list(frozenset({"}"}))
        self.expect_kw("}", t)
        self.leave()

    def subshell(self, t: Tok) -> None:
        self.i += 1
        if not self.enter("subshell", t):
            return
        self.list(frozenset({")"}))
        q = self.peek()
        if q is not None and q.kind == OP and q.op == ")":
            self.i += 1
        else:
            self.error("expected ')' to close '('", t)
        self.leave()

    def function_kw(self, t: Tok) -> None:
        self.i += 1
        nt = self.peek()
        if nt is None or nt.kind != WORD:
            self.error("'function' needs a name", nt or t)
            return
        self.i += 1
        a, b = self.peek(), self.peek(1)
        if a is not None and a.kind == OP and a.op == "(" and b is not None and b.kind == OP and b.op == ")":
            self.i += 2
        self.function_body(t)

    def function_body(self, t: Tok) -> None:
        self.skip_nl_only()
        if self.keyword(self.peek()) == "{":
            self.group(t, "function")
            self.redirects_after_compound()
            return
        if not self.enter("function", t):
            return
        before = self.i
        self.command()
        if self.i == before:
            self.error("function without a body", self.peek() or t)
        self.leave()


def _op_word(t: Tok) -> Word:
    lx = t.lexer
    offs = (*(lx.pos[k] for k in range(t.ti, t.te)), t.e)
    return Word(raw=t.op, value=t.op, span=lx.src.span(t.s, t.e), offsets=offs)


def _assignment(w: Word, m: tuple[int, int], src: SourceFile) -> Assignment:
    name_end, eq = m
    k = eq + 1
    value = w.value[k:] if len(w.value) >= k else ""
    if value or w.raw[k:]:
        offs = w.value_offsets
        if value and len(offs) == len(w.value) + 1:
            span = src.span(offs[k - 1] + 1, w.span.end_offset)  # from the character after '='
            sub_offs = offs[k:]
        else:  # quoted empty value: ""
            span = src.span(w.span.start_offset + k, w.span.end_offset)
            sub_offs = (w.span.end_offset,)
        exps = tuple(e for e in w.expansions if e.span.start_offset >= span.start_offset)
        vw: Word | None = Word(
            raw=w.raw[k:],
            value=value,
            span=span,
            quoted=w.quoted,
            has_expansion=bool(exps),
            expansions=exps,
            has_glob=w.has_glob,
            offsets=tuple(sub_offs),
        )
    else:
        vw = None
    return Assignment(w.raw[:name_end], vw, w, append=w.raw[eq - 1] == "+")


def _freeze(c: _C) -> Command:
    return Command(
        name=c.name,
        args=tuple(c.args),
        span=fast_span(c.src, c.s, c.e),
        assignments=tuple(c.assigns),
        redirects=tuple(c.redirects),
        negated=c.negated,
        background=c.background,
        connector_before=c.before,
        connector_after=c.after,
        nested_in=c.contexts[-1] if c.contexts else None,
        contexts=c.contexts,
    )


def _shell_c_string(cmd: Command) -> tuple[Word, bool] | None:
    """For ``sh -c 'string'`` (after wrappers): the string word and whether ``-o pipefail`` is set."""
    eff = cmd.effective()
    name = eff.command_name
    if name not in SHELLS and not (name == "busybox" and eff.args and eff.args[0].value == "sh"):
        return None
    args = eff.args[1:] if name == "busybox" else eff.args
    parsed = parse_args(args, value_options_for("sh"))
    if not any(o.name == "-c" for o in parsed.options) or not parsed.positionals:
        return None
    pipefail = any(o.name == "-o" and o.value == "pipefail" for o in parsed.options)
    return parsed.positionals[0], pipefail


def build(text: str, pos: list[int], src: SourceFile, ends: list[int] | None = None) -> Script:
    errors: list[Diagnostic] = []
    github: list[Expansion] = []
    heredocs: list[Heredoc] = []
    comments: list[Span] = []
    b = _Builder(src, errors)
    b.units.append(_Unit(-1, False, False))
    lx = Lexer(text, pos, src, errors, github, heredocs, comments, ends=ends)
    toks = lx.tokens(0, 0, False)[0]
    _Parser(toks, b, (), 0).program()
    frozen: list[Command] = []
    done = 0
    while True:
        while b.queue:
            qt, ctx, unit = b.queue.popleft()
            _Parser(qt, b, ctx, unit).program()
        if done == len(b.cmds):
            break
        start = done
        for c in b.cmds[start:]:
            fc = _freeze(c)
            frozen.append(fc)
            hit = _shell_c_string(fc)
            if hit is None:
                continue
            word, pipefail = hit
            if not word.is_literal or len(word.value_offsets) != len(word.value) + 1:
                continue
            if len(c.contexts) >= MAX_DEPTH:
                errors.append(Diagnostic(f"'sh -c' nested deeper than {MAX_DEPTH} levels; not analysed", word.span))
                continue
            sub = Lexer(word.value, list(word.value_offsets), src, errors, github, heredocs, comments, len(c.contexts))
            stoks = sub.tokens(0, len(c.contexts), False)[0]
            b.units.append(_Unit(c.unit, False, pipefail))
            b.queue.append((stoks, (*c.contexts, "sh -c"), len(b.units) - 1))
        done = len(frozen)
    # pipelines and pipefail
    index = {id(c): k for k, c in enumerate(b.cmds)}
    events: dict[int, list[tuple[int, bool]]] = {}
    for c, fc in zip(b.cmds, frozen, strict=True):
        if fc.command_name == "set" and not any(
            x in ("subshell", "cmdsubst", "backtick", "procsubst") for x in fc.contexts
        ):
            state = _pipefail_change(fc)
            if state is not None:
                events.setdefault(c.unit, []).append((c.s, state))
    for evs in events.values():
        evs.sort()

    def pipefail_at(unit: int, off: int) -> bool:
        while unit >= 0:
            st: bool | None = None
            for o, s in events.get(unit, ()):
                if o < off:
                    st = s
            if st is not None:
                return st
            u = b.units[unit]
            if not u.inherits:
                return u.initial
            unit = u.parent
        return False

    # cmdsubst units inherit: mark queue-created units. Units for substitutions share their parent's
    # id (see queue_subs), so only sh -c creates new units.
    pipelines: list[Pipeline] = []
    for p in b.pipes:
        members = tuple(frozen[index[id(c)]] for c in p.cmds)
        pl = Pipeline(
            commands=members,
            span=p.src.span(p.s, p.e),
            size=p.size,
            negated=p.negated,
            pipefail=pipefail_at(p.unit, p.s),
            operators=p.ops,
            condition=p.condition,
        )
        for k, m in enumerate(members):
            object.__setattr__(m, "pipeline", pl)
            object.__setattr__(m, "pipeline_index", k)
        pipelines.append(pl)
    order = sorted(range(len(frozen)), key=lambda k: (frozen[k].span.start_offset, len(frozen[k].contexts)))
    top_events = events.get(0, [])
    return Script(
        commands=tuple(frozen[k] for k in order),
        pipelines=tuple(sorted(pipelines, key=lambda p: p.span.start_offset)),
        errors=tuple(errors),
        github_expressions=tuple(sorted(github, key=lambda e: e.span.start_offset)),
        heredocs=tuple(heredocs),
        comments=tuple(comments),
        pipefail_set=any(s for _, s in top_events),
    )


def _pipefail_change(cmd: Command) -> bool | None:
    state: bool | None = None
    args = cmd.args
    for k, a in enumerate(args):
        v = a.value
        nxt = args[k + 1].value if k + 1 < len(args) else ""
        if len(v) >= 2 and v[0] in "-+" and v[1] != "-" and "o" in v[1:] and v.endswith("o") and nxt == "pipefail":
            state = v[0] == "-"
        elif v in ("-o", "+o") and nxt == "pipefail":  # pragma: no cover - covered by the branch above
            state = v == "-o"
    return state
