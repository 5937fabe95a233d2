"""The GitHub Actions model: workflows and ``action.yml`` metadata files.

Built once by :mod:`deploylint.parsers.workflow`; rules only read it. Strings are :class:`Str`
values that know their ``${{ }}`` expressions and map any character of the decoded value back to
its exact source position (also inside block scalars). Derived facts that several rules need
(the job graph, deploy detection, trigger sets, run-script commands) live here.
"""

from __future__ import annotations

import bisect
import posixpath
import re
from collections.abc import Iterator
from dataclasses import field
from typing import TYPE_CHECKING, Any

from deploylint.expressions import Expr, Node, find_expressions, flowing, parse_expression, refs
from deploylint.models.base import Located
from deploylint.parsers._yaml import YMap, YNode
from deploylint.records import record
from deploylint.source import SourceFile, Span

if TYPE_CHECKING:
    from deploylint.shell.model import Command as ShellCommand

Path = tuple[str, ...]


# ------------------------------------------------------------------------------- strings
@record(eq=False)
class Str:
    """A string scalar: its decoded value, span, YAML style and expressions.

    ``offset(i)`` is the source offset of ``value[i]``; ``span_of(a, b)`` the span of
    ``value[a:b]``. The character map is computed only when a position inside the value is asked
    for.
    """

    value: str
    span: Span
    style: str
    src: SourceFile = field(repr=False)
    exprs: tuple[Expr, ...] = ()
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def __str__(self) -> str:
        return self.value

    @property
    def has_expr(self) -> bool:
        return bool(self.exprs)

    @property
    def is_single_expr(self) -> bool:
        """The whole value is one ``${{ }}`` with nothing around it."""
        return len(self.exprs) == 1 and self.exprs[0].start == 0 and self.exprs[0].end == len(self.value)

    def _segments(self) -> tuple[list[int], list[int]]:
        segs = self._cache.get("segs")
        if segs is None:
            segs = _segments(self.src.text, self.span.start_offset, self.span.end_offset, self.value, self.style)
            self._cache["segs"] = segs
        return segs

    def offset(self, i: int) -> int:
        vs, ss = self._segments()
        k = bisect.bisect_right(vs, i) - 1
        if k < 0:
            return self.span.start_offset
        return min(ss[k] + (i - vs[k]), max(self.span.end_offset, self.span.start_offset + 1))

    def span_of(self, start: int, end: int) -> Span:
        if not self.value:
            return self.span
        a = self.offset(start)
        b = self.offset(max(end - 1, start)) + 1
        return self.src.span(a, max(b, a + 1))

    def list_items(self) -> Iterator[tuple[str, Span]]:
        """The items of a list-valued input (``tags:``...) split on commas and newlines, stripped,
        each with its exact span; blank items are skipped."""
        value = self.value
        pos = 0
        for part in value.replace(",", "\n").split("\n"):
            start = value.find(part, pos)
            pos = start + len(part)
            item = part.strip()
            if item:
                off = start + part.index(item)
                yield item, self.span_of(off, off + len(item))

    def positions(self) -> list[int]:
        """Source offset of every character of the value (for the shared shell parser)."""
        vs, ss = self._segments()
        out: list[int] = []
        n = len(self.value)
        for k, v in enumerate(vs):
            stop = vs[k + 1] if k + 1 < len(vs) else n
            out.extend(range(ss[k], ss[k] + (stop - v)))
        return out[:n]

    def expr_span(self, e: Expr) -> Span:
        return self.span_of(e.start, e.end)

    def node_span(self, n: Node) -> Span:
        return self.span_of(n.start, n.end)

    def refs(self) -> Iterator[tuple[Path, Node, Expr]]:
        """Every context reference in every expression of this value."""
        for e in self.exprs:
            if e.node is not None:
                for p, n in refs(e.node):
                    yield p, n, e

    def flowing(self) -> Iterator[tuple[Path, Node, Expr]]:
        """Context references whose values are expanded into this string."""
        for e in self.exprs:
            if e.node is not None:
                for p, n in flowing(e.node):
                    yield p, n, e


_ESC_LEN = {"x": 4, "u": 6, "U": 10}


def _segments(text: str, start: int, end: int, value: str, style: str) -> tuple[list[int], list[int]]:
    """Align ``value`` (decoded) with ``text[start:end]`` (its source): parallel lists of value
    offsets and the source offsets where linear runs begin."""
    raw = text[start:end]
    if style in ("", "'", '"') and "\n" not in raw:
        if style == "":
            return [0], [start]
        if (style == "'" and "''" not in raw[1:-1]) or (style == '"' and "\\" not in raw):
            return [0], [start + 1]
    if style == "|" and "\r" not in raw:
        nl = text.find("\n", start)
        if nl >= 0:
            vs: list[int] = []
            ss: list[int] = []
            ls = nl + 1
            voff = 0
            for line in value.split("\n"):
                le = text.find("\n", ls)
                if le < 0:
                    le = len(text)
                src_line = text[ls:le]
                indent = len(src_line) - len(line) if line and src_line.endswith(line) else len(src_line)
                vs.append(voff)
                ss.append(min(ls + indent, len(text)))
                voff += len(line) + 1
                ls = le + 1
            return vs, ss
    return _greedy(text, start, end, value, style)


def _greedy(text: str, start: int, end: int, value: str, style: str) -> tuple[list[int], list[int]]:
    s = start
    if style in ("'", '"'):
        s = start + 1
    elif style in ("|", ">"):
        nl = text.find("\n", start)
        s = nl + 1 if nl >= 0 else start
    vs: list[int] = [0]
    ss: list[int] = [s]
    last = s - 1
    n = len(text)
    limit = min(max(end, s), n)
    for v, ch in enumerate(value):
        found = -1
        step = 1
        while s < limit:
            c = text[s]
            if c == ch or (ch in " \n" and c == "\n"):
                found = s
                break
            if style == '"' and c == "\\" and s + 1 < n:
                e = text[s + 1]
                if e in "\r\n":  # escaped line break: produces nothing
                    s += 2
                    continue
                found = s
                step = _ESC_LEN.get(e, 2)
                break
            if c in " \t\r\n'\"":
                s += 1
                continue
            break
        if found < 0:
            # could not align (unexpected source form): map the rest linearly from here
            vs.append(v)
            ss.append(min(last + 1, n))
            return vs, ss
        if found - ss[-1] != v - vs[-1]:
            vs.append(v)
            ss.append(found)
        last = found + step - 1
        s = found + step
    return vs, ss


def make_str(src: SourceFile, value: str, span: Span, style: str, *, condition: bool = False) -> Str:
    """A Str for a scalar. ``condition``: an ``if:`` value, an expression even without ``${{ }}``."""
    if "${{" in value:
        exprs: tuple[Expr, ...] = tuple(find_expressions(value))
    elif condition and value.strip():
        node, err, at = parse_expression(value, 0)
        exprs = (Expr(0, len(value), 0, len(value), value, node, err, at),)
    else:
        exprs = ()
    return Str(value, span, style, src, exprs)


# ----------------------------------------------------------------------- shell commands
@record
class Word:
    """A shell word of a ``run:`` script: ``text`` with quotes removed, ``raw`` as written."""

    text: str
    raw: str
    start: int  # offsets into the script value (-1 when built from the shared shell parser)
    end: int
    script: Str | None = field(default=None, repr=False, compare=False)
    fixed: Span | None = field(default=None, repr=False, compare=False)

    @property
    def span(self) -> Span:
        if self.fixed is not None:
            return self.fixed
        if self.script is not None:
            return self.script.span_of(self.start, self.end)
        return Span(1, self.start + 1, 1, self.end + 1, self.start, self.end)


@record
class Command:
    words: tuple[Word, ...]
    #: a redirection target such as ``$GITHUB_ENV`` for ``>> "$GITHUB_ENV"``
    redirects: tuple[Word, ...] = ()
    #: standard output goes to a pipe, a file or a command substitution rather than the log
    stdout_captured: bool = False
    #: the folder the command runs in, relative to the step's own (``""``: the step's folder,
    #: ``"tests"`` after ``cd tests &&``); None after a ``cd`` to a computed place
    cwd: str | None = ""
    #: the command as parsed by the shared shell layer (wrappers looked through); None for the
    #: fallback tokenizer used for non-POSIX shells
    shell: ShellCommand | None = field(default=None, repr=False, compare=False)
    _positionals: list[tuple[str, ...]] = field(default_factory=list, repr=False, compare=False)

    @property
    def name(self) -> str:
        return _basename(self.words[0].text) if self.words else ""

    @property
    def args(self) -> tuple[str, ...]:
        return tuple(w.text for w in self.words[1:])

    @property
    def span(self) -> Span:
        return self.words[0].span.cover(self.words[-1].span) if self.words else Span(1, 1, 1, 2)

    def has_args(self, *seq: str) -> bool:
        """The arguments (flags skipped) start with ``seq``."""
        plain = [a for a in self.args if not a.startswith("-")]
        return plain[: len(seq)] == list(seq)

    def subcommands(self, depth: int) -> tuple[str, ...]:
        """The first ``depth`` positional arguments: the sub-command words (``("ecs",
        "update-service")`` of ``aws --region x ecs update-service``). Options that take a value
        are skipped with their value where the shell layer knows the command's options."""
        if not self._positionals:
            if self.shell is not None:
                words = [w.value for w in self.shell.positionals()]
            else:
                words = [a for a in self.args if not a.startswith("-")]
            # `cargo +nightly test`: a toolchain override is not a sub-command
            self._positionals.append(tuple(w for w in words if not w.startswith("+")))
        return self._positionals[0][:depth]

    def is_(self, *pattern: str) -> bool:
        """The command is ``pattern``: its name, then its sub-command words in their positions
        (``is_("helm", "install")`` is false for ``helm plugin install``); a pattern word that
        starts with ``-`` is an option that must be given anywhere."""
        if not self.words or self.name != pattern[0].rsplit("/", 1)[-1]:
            return False
        subs = [p for p in pattern[1:] if not p.startswith("-")]
        flags = [p for p in pattern[1:] if p.startswith("-")]
        if subs and self.subcommands(len(subs)) != tuple(subs):
            return False
        return all(f in self.args for f in flags)

    @property
    def printed(self) -> bool:
        """Standard output reaches the job log (not a pipe, file or substitution)."""
        return not self.stdout_captured


_CAPTURE_OPS = frozenset({">", ">>", ">|", "&>", "&>>"})


def matrix_key(s: Str) -> str | None:
    """``os`` for a value that is exactly ``${{ matrix.os }}``, else None."""
    if not s.is_single_expr:
        return None
    body = s.exprs[0].body.strip()
    name = body.removeprefix("matrix.")
    if name != body and name.replace("-", "_").isidentifier():
        return name
    return None


def shell_script(s: Str, dialect: str) -> Any | None:
    """A POSIX ``run:`` script parsed by the shared shell layer (None for other shells)."""
    from deploylint.shell import POSIX_DIALECTS, parse_shell

    name = dialect.split(maxsplit=1)[0].rsplit("/", 1)[-1].lower() if dialect.strip() else "bash"
    if name not in POSIX_DIALECTS:
        return None
    pos = s.positions()
    pos.append(pos[-1] + 1 if pos else s.span.start_offset)
    return parse_shell(s.value, pos, s.src, shell_dialect=name)


def shared_commands(script: Any) -> list[Command]:
    """The commands of a script parsed by the shared shell layer (see :func:`shell_script`)."""
    out: list[Command] = []
    dirs = _Dirs()
    for c in script.commands:
        e = c.effective()
        cwd = dirs.at(c)
        words = tuple(Word(w.value, w.raw, -1, -1, None, w.span) for w in e.words)
        redirects = tuple(
            Word(r.target.value, r.target.raw, -1, -1, None, r.target.span)
            for r in c.redirects
            if r.target is not None and r.op in _CAPTURE_OPS
        )
        captured = (
            any(r.op in _CAPTURE_OPS and r.fd in (None, 1) for r in c.redirects)
            or (c.pipeline is not None and c.pipeline_index < c.pipeline.size - 1)
            or c.nested
        )
        if words or redirects:
            out.append(Command(words, redirects, captured, cwd, e))
        dirs.after(e)
    return out


class _Dirs:
    """The working folder through a script: ``cd``/``pushd``/``popd`` change it for the commands
    that follow at the same nesting (a ``cd`` inside ``( ... )`` or ``$( ... )`` ends with it)."""

    def __init__(self) -> None:
        #: (contexts of the construct the change happened in, folder) innermost last
        self.stack: list[tuple[tuple[str, ...], str | None]] = [((), "")]
        #: folders ``pushd`` left, for ``popd``
        self.pushed: list[str | None] = []

    def at(self, c: ShellCommand) -> str | None:
        ctx = _isolating(c)
        while len(self.stack) > 1 and ctx[: len(self.stack[-1][0])] != self.stack[-1][0]:
            self.stack.pop()
        return self.stack[-1][1]

    def after(self, c: ShellCommand) -> None:
        name = c.command_name
        if name not in ("cd", "pushd", "popd"):
            return
        cur = self.stack[-1][1]
        if name == "popd":
            new: str | None = self.pushed.pop() if self.pushed else None
        else:
            if name == "pushd":
                self.pushed.append(cur)
            pos = [w for w in c.args if not w.value.startswith("-") or w.value == "-"]
            if not pos:
                new = None  # cd alone: $HOME
            else:
                w = pos[0]
                if w.has_expansion or w.value in ("-", "~") or w.value.startswith("~"):
                    new = None
                elif w.value.startswith("/"):
                    new = None  # an absolute folder is outside what the model maps
                elif cur is None:
                    new = None
                else:
                    new = posixpath.normpath(posixpath.join(cur, w.value)) if cur else posixpath.normpath(w.value)
                    if new == ".":
                        new = ""
        ctx = _isolating(c)
        if self.stack[-1][0] == ctx:
            self.stack[-1] = (ctx, new)
        else:
            self.stack.append((ctx, new))


_ISOLATING = frozenset({"subshell", "cmdsubst", "backtick", "procsubst", "sh -c"})


def _isolating(c: ShellCommand) -> tuple[str, ...]:
    """The constructs around ``c`` that run in a child shell (a ``cd`` there does not outlive them)."""
    return tuple(x for x in c.contexts if x in _ISOLATING)


def _basename(word: str) -> str:
    return word.rsplit("/", 1)[-1]


_WRAPPERS = frozenset({"sudo", "exec", "time", "nohup", "command", "env", "xargs", "nice", "timeout"})
_ASSIGN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=.*", re.DOTALL)
_HEREDOC = re.compile(r"['\"]?([A-Za-z_][A-Za-z0-9_-]*)['\"]?")
_PLAIN = re.compile(r"[^\s;|&<>()'\"\\$]+")


def split_commands(text: str, s: Str | None) -> list[Command]:
    """A small shell tokenizer: commands split at newlines, ``;``, ``&&``, ``||``, ``|``, ``&``.

    Quotes are removed from words; ``${{ }}`` stays inside the word it is written in; comments
    and heredoc bodies are skipped. Wrappers such as ``sudo`` and ``env A=B`` are dropped from
    the front of a command.
    """
    cmds: list[Command] = []
    words: list[Word] = []
    redirects: list[Word] = []
    heredocs: list[str] = []
    i = 0
    n = len(text)
    pending_redirect = False
    captured = False

    def flush(piped: bool = False) -> None:
        nonlocal words, redirects, captured
        ws = words
        while ws and (ws[0].text in _WRAPPERS or _ASSIGN.fullmatch(ws[0].text) is not None):
            if ws[0].text == "timeout" and len(ws) > 1:
                ws = ws[1:]
            ws = ws[1:]
            while ws and ws[0].text.startswith("-") and ws[0].text != "-":
                ws = ws[1:]
        if ws or redirects:
            cmds.append(Command(tuple(ws), tuple(redirects), captured or piped))
        words = []
        redirects = []
        captured = False

    while i < n:
        ch = text[i]
        if ch == "\n":
            flush()
            i += 1
            for tag in heredocs:
                # skip lines until the terminator
                while i < n:
                    le = text.find("\n", i)
                    le = n if le < 0 else le
                    if text[i:le].strip() == tag:
                        i = le + 1
                        break
                    i = le + 1
            heredocs = []
            continue
        if ch in " \t\r":
            i += 1
            continue
        if ch == "\\" and i + 1 < n and text[i + 1] == "\n":
            i += 2
            continue
        if ch == "#" and not words:
            le = text.find("\n", i)
            i = n if le < 0 else le
            continue
        if ch == "#":
            le = text.find("\n", i)
            i = n if le < 0 else le
            continue
        if ch in ";|&()":
            if ch == "&" and text.startswith("&>", i):
                pending_redirect = True
                i += 2
                continue
            flush(piped=ch == "|" and not text.startswith("||", i))
            i += 2 if text.startswith(("&&", "||", ";;"), i) else 1
            continue
        if ch in "<>":
            if text.startswith("<<", i) and not text.startswith("<<<", i):
                j = i + 2
                if j < n and text[j] == "-":
                    j += 1
                while j < n and text[j] in " \t":
                    j += 1
                m = _HEREDOC.match(text, j)
                if m:
                    heredocs.append(m.group(1))
                    i = m.end()
                    continue
            op_start = i
            fd = ""
            if words and words[-1].end == op_start and words[-1].raw.isdigit():
                fd = words.pop().raw
            while i < n and text[i] in "<>&":
                i += 1
            op = text[op_start:i]
            if op.startswith(">") and fd in ("", "1"):
                if not op.startswith(">&"):
                    captured = True
            if op.endswith("&") or op == ">&":
                # 2>&1 / >&2: a file descriptor, not a file name
                while i < n and text[i].isdigit():
                    i += 1
                continue
            pending_redirect = True
            continue
        # a word
        start = i
        buf: list[str] = []
        while i < n:
            pm = _PLAIN.match(text, i)
            if pm is not None:
                buf.append(pm.group())
                i = pm.end()
                if i >= n:
                    break
            ch = text[i]
            if ch in " \t\r\n;|&<>()":
                if ch in "()" and buf and buf[-1].endswith("$"):
                    # $( ... ) command substitution: keep it inside the word
                    depth = 0
                    while i < n:
                        c2 = text[i]
                        buf.append(c2)
                        i += 1
                        if c2 == "(":
                            depth += 1
                        elif c2 == ")":
                            depth -= 1
                            if depth == 0:
                                break
                    continue
                break
            if text.startswith("${{", i):
                close = text.find("}}", i + 3)
                close = n - 2 if close < 0 else close
                buf.append(text[i : close + 2])
                i = close + 2
                continue
            if ch == "'":
                j = text.find("'", i + 1)
                j = n if j < 0 else j
                buf.append(text[i + 1 : j])
                i = j + 1
                continue
            if ch == '"':
                j = i + 1
                part: list[str] = []
                while j < n and text[j] != '"':
                    if text[j] == "\\" and j + 1 < n:
                        part.append(text[j + 1])
                        j += 2
                        continue
                    if text.startswith("${{", j):
                        close = text.find("}}", j + 3)
                        close = n - 2 if close < 0 else close
                        part.append(text[j : close + 2])
                        j = close + 2
                        continue
                    part.append(text[j])
                    j += 1
                buf.append("".join(part))
                i = j + 1
                continue
            if ch == "\\" and i + 1 < n:
                if text[i + 1] != "\n":
                    buf.append(text[i + 1])
                i += 2
                continue
            buf.append(ch)
            i += 1
        end = min(i, n)
        w = Word("".join(buf), text[start:end], start, end, s)
        if pending_redirect:
            redirects.append(w)
            pending_redirect = False
        else:
            words.append(w)
    flush()
    return cmds


# ------------------------------------------------------------------------- building blocks
@record
class ActionRef:
    """A ``uses:`` value: ``owner/repo[/path]@ref``, ``./local/path`` or ``docker://image``."""

    raw: Str
    kind: str  # "repo" | "local" | "docker" | "invalid"
    owner: str = ""
    repo: str = ""
    path: str = ""
    ref: str = ""
    #: trailing comment on the same line (``# v4.1.0``), without the ``#``
    comment: str = ""
    #: ``owner/repo`` lower-cased (empty for local and docker forms); rules ask it very often
    slug: str = ""
    #: ``owner/repo[/path]`` lower-cased (empty for local and docker forms)
    name: str = ""

    @property
    def span(self) -> Span:
        return self.raw.span

    @property
    def is_sha_pinned(self) -> bool:
        return bool(_SHA_RE.fullmatch(self.ref))

    @property
    def image(self) -> str:
        return self.raw.value[len("docker://") :] if self.kind == "docker" else ""

    def is_(self, *names: str) -> bool:
        """This is one of ``names`` (``owner/repo`` or ``owner/repo/path``, case-insensitive)."""
        return self.kind == "repo" and (self.slug in names or self.name in names)


_SHA_RE = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


@record
class Permissions:
    """``permissions:`` as a whole-token string (``read-all``...) or a scope map."""

    span: Span
    whole: Str | None = None  # read-all | write-all | an expression
    scopes: tuple[tuple[Located[str], Str], ...] = ()

    @property
    def is_empty_map(self) -> bool:
        return self.whole is None and not self.scopes

    def scope(self, name: str) -> str | None:
        for k, v in self.scopes:
            if k.value == name:
                return v.value
        if self.whole is not None:
            return {"read-all": "read", "write-all": "write"}.get(self.whole.value)
        return None

    def writes(self) -> list[tuple[Located[str], Str]]:
        return [(k, v) for k, v in self.scopes if v.value == "write"]


@record
class EnvVar:
    name: Located[str]
    value: Str
    level: str  # "workflow" | "job" | "step"


@record
class Env:
    span: Span | None = None
    vars: tuple[EnvVar, ...] = ()
    #: the whole env is one expression (``env: ${{ fromJSON(...) }}``)
    dynamic: Str | None = None

    def get(self, name: str) -> EnvVar | None:
        for v in self.vars:
            if v.name.value == name:
                return v
        low = name.lower()
        for v in self.vars:
            if v.name.value.lower() == low:
                return v
        return None


@record
class Filter:
    """One filter list of a trigger (``branches``, ``paths-ignore``...)."""

    name: Located[str]
    items: tuple[Str, ...]


@record
class Input:
    name: Located[str]
    type: str
    required: bool
    default: Str | None
    options: tuple[Str, ...]
    span: Span
    node: YNode


@record
class Trigger:
    name: Located[str]
    node: YNode | None
    filters: tuple[Filter, ...] = ()
    types: tuple[Str, ...] = ()
    crons: tuple[Str, ...] = ()
    inputs: tuple[Input, ...] = ()
    #: workflow_run: the workflows it follows
    workflows: tuple[Str, ...] = ()

    @property
    def event(self) -> str:
        return self.name.value

    def filter(self, name: str) -> Filter | None:
        for f in self.filters:
            if f.name.value == name:
                return f
        return None

    @property
    def span(self) -> Span:
        return self.name.span


@record
class Container:
    """A job container or a service."""

    span: Span
    image: Str | None = None
    username: Str | None = None
    password: Str | None = None
    env: Env = field(default_factory=Env)
    name: Located[str] | None = None  # the service name


@record
class Environment:
    span: Span
    name: Str | None = None
    url: Str | None = None


@record
class Step:
    index: int
    span: Span
    #: where findings about the whole step go: the first key of the step mapping
    anchor: Span
    id: Str | None = None
    name: Str | None = None
    uses: ActionRef | None = None
    run: Str | None = None
    shell: Str | None = None
    with_: tuple[tuple[Located[str], Str], ...] = ()
    env: Env = field(default_factory=Env)
    if_: Str | None = None
    working_directory: Str | None = None
    #: ``defaults.run.working-directory`` of the job, else of the workflow
    default_working_directory: Str | None = None
    #: the effective shell of ``run:`` (step ``shell``, job or workflow defaults, else bash)
    dialect: str = "bash"
    #: the ``parallel:`` key of the group this step runs in (parallel steps, GA 2026-06-25), else None
    parallel: Span | None = None
    #: ``background: true``: the job goes on while the step runs (until a ``wait``/``wait-all``)
    background: bool = False
    #: the step's mapping as parsed, for fixes that edit it by exact spans
    node: YMap | None = field(default=None, repr=False, compare=False)
    _cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def input(self, name: str) -> Str | None:
        for k, v in self.with_:
            if k.value == name:
                return v
        return None

    @property
    def label(self) -> str:
        if self.name is not None:
            return self.name.value
        if self.id is not None:
            return self.id.value
        if self.uses is not None:
            return self.uses.raw.value
        return f"step {self.index + 1}"

    @property
    def run_directory(self) -> Str | None:
        """The folder ``run:`` starts in, relative to the workspace: the step's
        ``working-directory``, else the defaults' (None: the workspace itself)."""
        return self.working_directory if self.working_directory is not None else self.default_working_directory

    def hands_secret(self, *outer: Env) -> bool:
        """The step is given a secret or the token: a ``with:`` or ``env:`` value (or one of the
        ``outer`` job and workflow envs) holds ``secrets.*`` or ``github.token``."""
        values = [v for _, v in self.with_] + [e.value for env in (self.env, *outer) for e in env.vars]
        return any(
            path[0] == "secrets" or tuple(path[:2]) == ("github", "token") for v in values for path, _, _ in v.refs()
        )

    def commands(self, *needles: str) -> list[Command]:
        """The commands of the ``run:`` script (empty without one).

        With ``needles``, a script that contains none of them (as plain text) is not parsed and
        gives no commands: a cheap pre-filter for rules that look for specific programs.
        """
        if needles and (self.run is None or not any(n in self.run.value for n in needles)):
            return []
        got = self._cache.get("commands")
        if got is None:
            got = []
            if self.run is not None:
                script = self.script()
                got = shared_commands(script) if script is not None else split_commands(self.run.value, self.run)
            self._cache["commands"] = got
        return got

    def script(self, *needles: str, any_shell: bool = False) -> Any | None:
        """The ``run:`` script parsed by the shared shell layer (``deploylint.shell.Script``); None
        without a ``run:``, when the text holds none of ``needles``, or for a non-POSIX shell unless
        ``any_shell`` (then pwsh/cmd text is read as POSIX: good enough for plain command lines
        such as ``npm install``, not for their own syntax)."""
        if self.run is None or (needles and not any(n in self.run.value for n in needles)):
            return None
        if "script" not in self._cache:
            self._cache["script"] = shell_script(self.run, self.dialect)
        got = self._cache["script"]
        if got is None and any_shell:
            got = self._cache.get("script_any")
            if got is None:
                got = self._cache["script_any"] = shell_script(self.run, "bash")
        return got

    def all_commands(self) -> Iterator[Command]:
        """Commands of the ``run:`` script and of inline script inputs of known runner actions."""
        yield from self.commands()


@record
class Job:
    id: Located[str]
    span: Span
    name: Str | None = None
    needs: tuple[Str, ...] = ()
    if_: Str | None = None
    environment: Environment | None = None
    runs_on: tuple[Str, ...] = ()
    runs_on_span: Span | None = None
    runs_on_group: Str | None = None
    permissions: Permissions | None = None
    env: Env = field(default_factory=Env)
    defaults_shell: Str | None = None
    concurrency: YNode | None = None
    matrix: YNode | None = None
    #: matrix key -> every literal value it takes (rows and include entries)
    matrix_rows: tuple[tuple[str, tuple[Str, ...]], ...] = ()
    #: the whole matrix or one of its keys is computed by an expression
    matrix_dynamic: tuple[tuple[str, Str], ...] = ()
    services: tuple[Container, ...] = ()
    container: Container | None = None
    outputs: tuple[tuple[Located[str], Str], ...] = ()
    steps: tuple[Step, ...] = ()
    uses: ActionRef | None = None
    secrets_inherit: Located[str] | None = None
    secrets: tuple[tuple[Located[str], Str], ...] = ()
    with_: tuple[tuple[Located[str], Str], ...] = ()
    node: YNode | None = None

    @property
    def label(self) -> str:
        return self.name.value if self.name is not None else self.id.value

    @property
    def is_reusable_call(self) -> bool:
        return self.uses is not None

    def matrix_values(self, key: str) -> tuple[Str, ...]:
        """Every value the matrix gives ``key`` (rows and ``include`` entries)."""
        for k, vals in self.matrix_rows:
            if k == key:
                return vals
        return ()


@record
class ActionMeta:
    """What an ``action.yml`` declares besides its steps."""

    using: Str | None = None
    image: Str | None = None
    main: Str | None = None
    inputs: tuple[Input, ...] = ()
    span: Span | None = None


@record(frozen=False, slots=False)
class Workflow:
    """A workflow file, or an action metadata file (``is_action``: its composite steps form one
    pseudo-job with id ``<action>``)."""

    source: SourceFile
    span: Span
    is_action: bool = False
    name: Str | None = None
    on_span: Span | None = None
    triggers: tuple[Trigger, ...] = ()
    permissions: Permissions | None = None
    env: Env = field(default_factory=Env)
    defaults_shell: Str | None = None
    concurrency: YNode | None = None
    jobs: tuple[Job, ...] = ()
    jobs_span: Span | None = None
    action: ActionMeta | None = None
    #: every string value of the file (for rules that scan all expressions)
    strings: tuple[tuple[str, Str], ...] = ()
    deploy_settings: dict[str, Any] = field(default_factory=dict)
    #: the file's top-level mapping as parsed (fixes edit the text around its keys;
    #: :mod:`deploylint.models.workflow_scope` reads the keys the model does not keep)
    root: YMap | None = field(default=None, repr=False)
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    # -- triggers ------------------------------------------------------------------------
    @property
    def events(self) -> set[str]:
        return {t.event for t in self.triggers}

    def trigger(self, name: str) -> Trigger | None:
        for t in self.triggers:
            if t.event == name:
                return t
        return None

    def declared_inputs(self, name: str) -> list[tuple[str, Input]]:
        """(event, declaration) of input ``name`` in the ``workflow_dispatch`` and
        ``workflow_call`` triggers (names are case-insensitive)."""
        low = name.lower()
        return [
            (t.event, i)
            for t in self.triggers
            if t.event in ("workflow_dispatch", "workflow_call")
            for i in t.inputs
            if i.name.value.lower() == low
        ]

    @property
    def pr_triggered(self) -> bool:
        return bool(self.events & {"pull_request", "pull_request_target"})

    @property
    def dangerous_triggers(self) -> list[Trigger]:
        return [t for t in self.triggers if t.event in ("pull_request_target", "workflow_run")]

    @property
    def is_release(self) -> bool:
        """Builds releases: see :mod:`deploylint.models.workflow_release`."""
        got = self._cache.get("is_release")
        if got is None:
            from deploylint.models.workflow_release import is_release

            got = is_release(self)
            self._cache["is_release"] = got
        return bool(got)

    # -- jobs ------------------------------------------------------------------------------
    def job(self, job_id: str) -> Job | None:
        for j in self.jobs:
            if j.id.value == job_id:
                return j
        low = job_id.lower()
        for j in self.jobs:
            if j.id.value.lower() == low:
                return j
        return None

    def ancestors(self, job: Job) -> set[str]:
        """Ids (lower-cased) of every job ``job`` transitively needs."""
        seen: set[str] = set()
        stack = [n.value.lower() for n in job.needs]
        while stack:
            jid = stack.pop()
            if jid in seen:
                continue
            seen.add(jid)
            j = self.job(jid)
            if j is not None:
                stack.extend(n.value.lower() for n in j.needs)
        return seen

    def cycle(self) -> list[str] | None:
        """One dependency cycle among jobs (ids as written), or None."""
        graph = {j.id.value.lower(): [n.value.lower() for n in j.needs] for j in self.jobs}
        names = {j.id.value.lower(): j.id.value for j in self.jobs}
        state: dict[str, int] = {}
        for start in graph:
            if state.get(start):
                continue
            stack: list[tuple[str, int]] = [(start, 0)]
            path: list[str] = []
            while stack:
                node, idx = stack.pop()
                if idx == 0:
                    if state.get(node) == 1:
                        continue
                    state[node] = 1
                    path.append(node)
                deps = graph.get(node, [])
                if idx < len(deps):
                    stack.append((node, idx + 1))
                    nxt = deps[idx]
                    if nxt not in graph:
                        continue
                    if state.get(nxt) == 1:
                        i = path.index(nxt)
                        return [names[x] for x in [*path[i:], nxt]]
                    if not state.get(nxt):
                        stack.append((nxt, 0))
                else:
                    state[node] = 2
                    path.pop()
        return None

    def job_env(self, job: Job, step: Step | None, name: str) -> EnvVar | None:
        """The env var ``name`` as seen by ``step`` of ``job`` (step > job > workflow)."""
        for env in (step.env if step is not None else None, job.env, self.env):
            if env is not None:
                v = env.get(name)
                if v is not None:
                    return v
        return None

    def is_deploy_job(self, job: Job) -> bool:
        return self.deploy_reason(job) is not None

    def deploy_reason(self, job: Job, *, publishing: bool = True) -> str | None:
        """Why ``job`` deploys (see :func:`deploylint.models.workflow_deploy.deploy_reason`);
        without ``publishing``, a job that only pushes images does not count."""
        cache: dict[str, tuple[str | None, str | None]] = self._cache.setdefault("deploy", {})
        key = job.id.value
        got = cache.get(key)
        if got is None:
            from deploylint.models.workflow_deploy import deploy_reasons

            got = cache[key] = deploy_reasons(self, job)
        return got[0] if publishing else got[1]

    def expression_nodes(self) -> list[tuple[Str, Expr, tuple[Node, ...]]]:
        """Every parsed ``${{ }}`` of the file with all its AST nodes (computed once), in
        document order: every value and key of the file, modelled or not (``run-name``,
        ``concurrency``, ``timeout-minutes``...)."""
        got = self._cache.get("expr_nodes")
        if got is None:
            from deploylint.expressions import walk

            seen: set[int] = set()
            got = []
            for _p, s in self.located():
                if id(s) not in seen:
                    seen.add(id(s))
                    got.extend((s, e, tuple(walk(e.node)) if e.node is not None else ()) for e in s.exprs)
            self._cache["expr_nodes"] = got
        return got

    def located(self) -> list[tuple[tuple[str | int, ...], Str]]:
        """Every string of the file that holds an expression (an ``if:`` always does), with its
        key path from the top (``("jobs", "build", "steps", 0, "run")``); see
        :func:`deploylint.models.workflow_scope.located_strings`."""
        got = self._cache.get("located")
        if got is None:
            from deploylint.models.workflow_scope import located_strings

            got = self._cache["located"] = located_strings(self)
        return got

    def steps(self) -> Iterator[tuple[Job, Step]]:
        for j in self.jobs:
            for s in j.steps:
                yield j, s


def split_image_ref(ref: str) -> tuple[str, str]:
    """(repository, tag) of an image reference; tag "" when none is given."""
    if "@" in ref:
        return ref.split("@", 1)[0], "@digest"
    slash = ref.rfind("/")
    colon = ref.rfind(":")
    if colon > slash:
        return ref[:colon], ref[colon + 1 :]
    return ref, ""
