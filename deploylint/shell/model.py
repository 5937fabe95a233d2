"""The shell model: words, commands, pipelines and the script that holds them.

Everything here is built once by :func:`deploylint.shell.parse_shell` and then only read. Spans are
source spans (offsets into the file the shell text was extracted from).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterator
from dataclasses import field

from deploylint.models.base import Diagnostic
from deploylint.records import record
from deploylint.shell.options import WRAPPER_OPTIONS, value_options_for
from deploylint.source import Span

#: Expansion kinds: ``$X`` (var), ``${X...}`` (param), ``$1 $? $@`` (special), ``$(...)`` (cmdsubst),
#: backticks (backtick), ``$((...))`` (arith), ``<(...)``/``>(...)`` (procsubst) and GitHub
#: ``${{ ... }}`` expressions (github), which the runner substitutes before the shell starts.
EXPANSION_KINDS = ("var", "param", "special", "cmdsubst", "backtick", "arith", "procsubst", "github")


@record
class Expansion:
    """One expansion inside a word (or, for GitHub expressions, anywhere in the text).

    ``name`` is the variable name for var/param/special (``HOME``, ``1``, ``?``), the variables of an
    arithmetic expression are reported one by one as ``var``; for cmdsubst/backtick/procsubst it is
    empty and for github it is the expression between ``${{`` and ``}}``, stripped.
    ``context`` says where it was written: ``unquoted``, ``single`` (inside '...': the shell does
    not expand it, but the runner still substitutes a GitHub expression there), ``double``,
    ``heredoc`` or ``comment``.
    """

    kind: str
    name: str
    raw: str
    span: Span
    context: str = "unquoted"

    @property
    def is_github(self) -> bool:
        return self.kind == "github"


@record
class Word:
    """A shell word.

    ``raw`` is the word as the shell sees it (from the extracted text: Dockerfile continuations are
    already removed); ``value`` is the word with quotes and escapes removed and expansions kept
    verbatim (``"$HOME"/x`` -> ``$HOME/x``). ``quoted`` is true when any part was quoted or
    escaped. ``has_glob``: an unquoted ``*``, ``?`` or ``[``. ``value_offsets[i]`` is the source
    offset of ``value[i]`` (one extra entry: the end), so sub-words keep exact spans.
    """

    raw: str
    value: str
    span: Span
    quoted: bool = False
    has_expansion: bool = False
    expansions: tuple[Expansion, ...] = ()
    has_glob: bool = False
    offsets: tuple[int, ...] = field(default=(), repr=False, compare=False)

    @property
    def value_offsets(self) -> tuple[int, ...]:
        """Source offset of each character of ``value``, plus the end offset."""
        if self.offsets:
            return self.offsets
        s = self.span.start_offset
        return tuple(range(s, s + len(self.value) + 1))

    @property
    def is_literal(self) -> bool:
        """No expansion of any kind: ``value`` is exactly what the command receives."""
        return not self.has_expansion

    @property
    def variables(self) -> tuple[str, ...]:
        """Names of shell variables referenced (``$X``, ``${X:-y}``, arithmetic names)."""
        return tuple(e.name for e in self.expansions if e.kind in ("var", "param"))

    @property
    def github_expressions(self) -> tuple[Expansion, ...]:
        return tuple(e for e in self.expansions if e.kind == "github")

    def __str__(self) -> str:
        return self.value


@record
class Assignment:
    """``NAME=value`` before a command (or alone). ``value`` is None for ``NAME=``."""

    name: str
    value: Word | None
    word: Word
    append: bool = False

    @property
    def span(self) -> Span:
        return self.word.span


@record
class Heredoc:
    """A here-document body (skipped, never parsed as commands)."""

    delimiter: str
    quoted: bool  # a quoted delimiter: the body is not expanded
    strip_tabs: bool  # <<-
    body: str
    span: Span | None  # the body lines; None when empty


@record
class Redirect:
    """``[fd]op target``: op is one of ``< > >> >| <> <& >& &> &>> << <<- <<<``."""

    op: str
    target: Word | None
    fd: int | None
    span: Span
    heredoc: Heredoc | None = None


@record
class Option:
    """One parsed option: ``name`` as written (``-y``, ``--yes``), ``value`` when it takes one."""

    name: str
    value: str | None
    word: Word
    value_word: Word | None = None


@record
class ParsedArgs:
    options: tuple[Option, ...]
    positionals: tuple[Word, ...]


def sub_word(word: Word, start: int, raw: str | None = None) -> Word:
    """The tail of ``word.value`` from ``start`` as a word of its own (exact span on one line)."""
    offs = word.value_offsets
    value = word.value[start:]
    if len(offs) == len(word.value) + 1:
        s_off, e_off = offs[start], offs[-1]
        sub_offs = offs[start:]
    else:  # pragma: no cover - defensive
        s_off, e_off, sub_offs = word.span.start_offset, word.span.end_offset, ()
    span = _shift_span(word.span, s_off, max(e_off, s_off + 1))
    exps = tuple(e for e in word.expansions if e.span.start_offset >= s_off)
    return Word(
        raw=value if raw is None else raw,
        value=value,
        span=span,
        quoted=word.quoted,
        has_expansion=bool(exps),
        expansions=exps,
        has_glob=word.has_glob and any(c in value for c in "*?["),
        offsets=tuple(sub_offs),
    )


def _shift_span(sp: Span, start: int, end: int) -> Span:
    """The span of offsets [start, end) inside ``sp``, exact when ``sp`` is on one line."""
    if sp.start_line == sp.end_line or end <= sp.start_offset:
        return Span(
            sp.start_line,
            sp.start_col + (start - sp.start_offset),
            sp.start_line,
            sp.start_col + (end - sp.start_offset),
            start,
            end,
            file=sp.file,
        )
    return Span(sp.start_line, sp.start_col, sp.end_line, sp.end_col, start, end, file=sp.file)  # pragma: no cover


def parse_args(words: tuple[Word, ...], takes_value: Collection[str] = ()) -> ParsedArgs:
    """Split words into options and positionals.

    ``--`` ends options; ``--opt=value``; ``--opt value`` when ``--opt`` is in ``takes_value``;
    combined short flags ``-yq`` are ``-y -q``; a short option that takes a value ends the group
    and takes the rest (``-oAPT::X=1``) or the next word. A word that is not literal is a
    positional unless its literal prefix starts with ``-``.
    """
    opts: list[Option] = []
    pos: list[Word] = []
    i = 0
    n = len(words)
    while i < n:
        w = words[i]
        v = w.value
        i += 1
        if v == "--" and not w.quoted:
            pos.extend(words[i:])
            break
        if len(v) < 2 or v[0] != "-" or (w.has_expansion and w.raw[:1] in "$`\"'"):
            pos.append(w)
            continue
        if v.startswith("--"):
            name, eq, val = v.partition("=")
            if eq:
                opts.append(Option(name, val, w))
            elif name in takes_value and i < n:
                opts.append(Option(name, words[i].value, w, words[i]))
                i += 1
            else:
                opts.append(Option(name, None, w))
            continue
        if v in takes_value:
            if i < n:
                opts.append(Option(v, words[i].value, w, words[i]))
                i += 1
            else:
                opts.append(Option(v, None, w))
            continue
        if "=" in v and v.partition("=")[0] in takes_value:  # -opt=value for single-dash long options
            name, _, val = v.partition("=")
            opts.append(Option(name, val, w))
            continue
        for k in range(1, len(v)):
            flag = "-" + v[k]
            if flag in takes_value:
                rest = v[k + 1 :]
                if rest:
                    opts.append(Option(flag, rest, w))
                elif i < n:
                    opts.append(Option(flag, words[i].value, w, words[i]))
                    i += 1
                else:
                    opts.append(Option(flag, None, w))
                break
            opts.append(Option(flag, None, w))
    return ParsedArgs(tuple(opts), tuple(pos))


def basename(value: str) -> str:
    return value.rstrip("/").rpartition("/")[2] if "/" in value else value


@record(eq=False)
class Pipeline:
    """Two or more commands joined by ``|`` or ``|&``.

    ``commands`` are its simple-command elements in order (compound elements such as
    ``while ...; done`` count in ``size`` but are not listed). ``pipefail`` is true when a
    ``set -o pipefail`` (or ``set -euo pipefail``...) ran earlier in the script. ``condition``
    is true for a pipeline written in an ``if``/``elif``/``while``/``until`` condition, whose
    status is tested rather than taken as the script's failure.
    """

    commands: tuple[Command, ...]
    span: Span
    size: int
    negated: bool = False
    pipefail: bool = False
    operators: tuple[str, ...] = ()
    condition: bool = False


@record(eq=False)
class Command:
    """A simple command: assignments, name, arguments and redirections.

    ``nested_in`` is the innermost construct holding it (None at top level, or ``subshell``,
    ``group``, ``cmdsubst``, ``backtick``, ``procsubst``, ``if``, ``for``, ``while``, ``until``,
    ``case``, ``function``, ``sh -c``); ``contexts`` is the whole chain, outermost first.
    ``connector_before``/``connector_after`` are the operators around it (``&&``, ``||``, ``;``,
    ``|``, ``|&``, ``&``, ``\\n``), None at the start/end of a list.
    """

    name: Word | None
    args: tuple[Word, ...]
    span: Span
    assignments: tuple[Assignment, ...] = ()
    redirects: tuple[Redirect, ...] = ()
    pipeline: Pipeline | None = None
    pipeline_index: int = 0
    negated: bool = False
    background: bool = False
    connector_before: str | None = None
    connector_after: str | None = None
    nested_in: str | None = None
    contexts: tuple[str, ...] = ()
    wrappers: tuple[Word, ...] = ()

    # ----- views -----
    @property
    def words(self) -> tuple[Word, ...]:
        return (self.name, *self.args) if self.name is not None else self.args

    @property
    def invocation(self) -> Span:
        """The command from its name to its end: what a finding about the whole command underlines
        (``npm install --no-audit``, not just ``npm``). Leading ``VAR=value`` assignments are left
        out so it starts where the name does; a command with no name gives its whole span."""
        if self.name is None:
            return self.span
        n, e = self.name.span, self.span
        return Span(n.start_line, n.start_col, e.end_line, e.end_col, n.start_offset, e.end_offset, file=e.file)

    @property
    def argv(self) -> tuple[str, ...]:
        return tuple(w.value for w in self.words)

    @property
    def command_name(self) -> str | None:
        """The basename of the command name's value (``/usr/bin/apt-get`` -> ``apt-get``)."""
        return basename(self.name.value) if self.name is not None else None

    @property
    def nested(self) -> bool:
        """Inside a command substitution (its output is captured, not run at top level)."""
        return any(c in ("cmdsubst", "backtick", "procsubst") for c in self.contexts)

    @property
    def script_file(self) -> Word | None:
        """The script this command runs when the text does not show it: a name that is a path
        outside the system folders (``./install.sh``, ``/tmp/setup``) or ends in ``.sh``, a shell,
        ``.`` or ``source`` given a file (``bash scripts/deps.sh``), or a shell's ``-c`` string
        built from variables (``bash -c "$SETUP"``: only literal ``-c`` strings are parsed)."""
        if self.name is None:
            return None
        v = self.name.value
        if self.command_name in _SCRIPT_RUNNERS:
            if self.command_name not in (".", "source"):
                flags = [i for i, a in enumerate(self.args) if a.value in {"-c", "-s"}]
                if flags:
                    k = flags[0] + 1
                    c_string = self.args[k] if self.args[flags[0]].value == "-c" and k < len(self.args) else None
                    return c_string if c_string is not None and c_string.has_expansion else None
            return next((a for a in self.args if not a.value.startswith("-")), None)
        if v.endswith((".sh", ".bash")) or ("/" in v and not v.startswith(_SYSTEM_DIRS)):
            return self.name
        return None

    @property
    def runs_stdin_script(self) -> bool:
        """A shell reading its script from a pipe (``curl -fsSL $URL | sh``, ``... | bash -s --``)."""
        if self.pipeline is None or self.pipeline_index == 0 or self.command_name not in _SCRIPT_RUNNERS:
            return False
        return self.script_file is None and not any(a.value == "-c" for a in self.args)

    def is_named(self, *names: str) -> bool:
        n = self.command_name
        return n is not None and n in names

    @property
    def arg_values(self) -> tuple[str, ...]:
        """The arguments' values (quotes removed, expansions kept as written)."""
        return tuple(w.value for w in self.args)

    @property
    def words_span(self) -> Span:
        """From the name to the last argument: assignments, wrappers and redirections left out
        (a command of redirections only gives its whole span)."""
        words = self.words
        return words[0].span.cover(words[-1].span) if words else self.span

    @property
    def output_files(self) -> tuple[Word, ...]:
        """The targets of output redirections (``>> "$GITHUB_ENV"``, ``2> log``, ``&> out``)."""
        return tuple(r.target for r in self.redirects if r.target is not None and r.op in _OUTPUT_OPS)

    @property
    def stdout_captured(self) -> bool:
        """Standard output goes to a file, a pipe or a command substitution, not where the
        script's own output goes (the job log of a workflow step)."""
        return (
            any(r.op in _OUTPUT_OPS and r.fd in (None, 1) for r in self.redirects)
            or (self.pipeline is not None and self.pipeline_index < self.pipeline.size - 1)
            or self.nested
        )

    def subcommands(self, depth: int) -> tuple[str, ...]:
        """The first ``depth`` positional values: the sub-command words (``("ecs",
        "update-service")`` of ``aws --region x ecs update-service``); options that take a value
        are skipped with it where the option table knows the command. A toolchain override
        (``cargo +nightly test``) is not a sub-command."""
        out: list[str] = []
        for w in self.positionals():
            if len(out) >= depth:
                break
            if not w.value.startswith("+"):
                out.append(w.value)
        return tuple(out)

    def matches(self, *pattern: str) -> bool:
        """The command is ``pattern``: its name, then its sub-command words in their positions
        (``matches("helm", "install")`` is false for ``helm plugin install``); a pattern word
        that starts with ``-`` is an option that must be given anywhere (as a whole word)."""
        if not pattern or self.name is None or self.command_name != basename(pattern[0]):
            return False
        subs = [p for p in pattern[1:] if not p.startswith("-")]
        flags = [p for p in pattern[1:] if p.startswith("-")]
        if subs and self.subcommands(len(subs)) != tuple(subs):
            return False
        values = self.arg_values
        return all(f in values for f in flags)

    # ----- options -----
    def parsed_args(self, takes_value: Collection[str] | None = None) -> ParsedArgs:
        """Options and positionals; ``takes_value`` defaults to the known table for this command."""
        if takes_value is None:
            takes_value = value_options_for(self.command_name or "")
        return parse_args(self.args, takes_value)

    def has_flag(self, *names: str, takes_value: Collection[str] | None = None) -> bool:
        """True if any of ``names`` (``-y``, ``--yes``) is given; understands ``-yq`` and ``--o=v``."""
        wanted = set(names)
        return any(o.name in wanted for o in self.parsed_args(takes_value).options)

    def option_value(self, *names: str, takes_value: Collection[str] | None = None) -> str | None:
        """The value of the last of ``names`` given (``--opt=v``, ``--opt v``, ``-ov``)."""
        tv = set(value_options_for(self.command_name or "") if takes_value is None else takes_value) | set(names)
        found = None
        for o in parse_args(self.args, tv).options:
            if o.name in names and o.value is not None:
                found = o.value
        return found

    def option_values(self, *names: str, takes_value: Collection[str] | None = None) -> tuple[str, ...]:
        tv = set(value_options_for(self.command_name or "") if takes_value is None else takes_value) | set(names)
        return tuple(o.value for o in parse_args(self.args, tv).options if o.name in names and o.value is not None)

    def positionals(self, takes_value: Collection[str] | None = None) -> tuple[Word, ...]:
        """Arguments that are not options nor option values."""
        return self.parsed_args(takes_value).positionals

    @property
    def subcommand(self) -> Word | None:
        """The first positional (``install`` in ``apt-get -q install x``)."""
        pos = self.positionals()
        return pos[0] if pos else None

    # ----- wrappers -----
    def effective(self) -> Command:
        """The command a wrapper runs: strips ``sudo``, ``env A=b``, ``nice``, ``time``, ``command``,
        ``exec``, ``nohup``, ``xargs``, ``timeout``, ``stdbuf``, ``gosu``/``su-exec`` (their options
        included). ``env`` assignments join ``assignments``; stripped words go to ``wrappers``.
        ``command -v x`` and a wrapper with nothing after it are returned unchanged."""
        cmd: Command = self
        for _ in range(8):
            nxt = _unwrap(cmd)
            if nxt is None:
                return cmd
            cmd = nxt
        return cmd


def _unwrap(cmd: Command) -> Command | None:
    name = cmd.command_name
    if name is None or name not in WRAPPER_OPTIONS or cmd.name is None or cmd.name.has_expansion:
        return None
    tv = WRAPPER_OPTIONS[name]
    args = cmd.args
    i = 0
    extra_assign: list[Assignment] = []
    while i < len(args):
        w = args[i]
        v = w.value
        if v == "--" and not w.quoted:
            i += 1
            break
        if name == "env" and not w.quoted and _ASSIGN_NAME(v):
            n, _, _ = v.partition("=")
            extra_assign.append(
                Assignment(n, sub_word(w, len(n) + 1, w.raw.partition("=")[2]) if len(v) > len(n) + 1 else None, w)
            )
            i += 1
            continue
        if len(v) > 1 and v[0] == "-" and w.is_literal:
            if name == "command" and any(c in v[1:] for c in "vV"):
                return None
            i += 2 if v in tv else 1  # an option and its value, or a flag / --opt=value / -uroot
            continue
        break
    if name in ("timeout", "gosu", "su-exec", "chroot"):  # timeout DURATION cmd, gosu USER cmd, chroot DIR cmd
        i += 1
    if i >= len(args):
        return None
    new_name = args[i]
    rest = args[i + 1 :]
    end = cmd.span
    start = new_name.span
    span = Span(
        start.start_line, start.start_col, end.end_line, end.end_col, start.start_offset, end.end_offset, file=end.file
    )
    assert cmd.name is not None
    return dataclasses.replace(
        cmd,
        name=new_name,
        args=rest,
        span=span,
        assignments=cmd.assignments + tuple(extra_assign),
        wrappers=(*cmd.wrappers, cmd.name, *args[:i]),
    )


def _ASSIGN_NAME(v: str) -> bool:
    n, eq, _ = v.partition("=")
    return bool(eq) and n.isidentifier() and n.isascii()


@record
class Script:
    """A parsed shell text.

    ``commands`` lists every simple command in source order, including those in compound
    commands, command substitutions and literal ``sh -c`` strings. ``github_expressions`` lists
    every ``${{ ... }}`` in the text (words, quotes, here-doc bodies and comments).
    """

    commands: tuple[Command, ...] = ()
    pipelines: tuple[Pipeline, ...] = ()
    errors: tuple[Diagnostic, ...] = ()
    github_expressions: tuple[Expansion, ...] = ()
    heredocs: tuple[Heredoc, ...] = ()
    comments: tuple[Span, ...] = ()
    pipefail_set: bool = False
    dialect: str = "posix"
    #: the text nests too deeply to be parsed: ``commands`` is empty although the text is not
    unanalysed: bool = False
    #: derived facts computed on first use (see deploylint.models.installs)
    cache: dict[str, object] = field(default_factory=dict, compare=False, repr=False, hash=False)

    def commands_named(self, *names: str, effective: bool = True) -> Iterator[Command]:
        """Commands whose name (basename) is one of ``names``; with ``effective`` (the default)
        wrappers like ``sudo`` are looked through and the unwrapped view is yielded."""
        wanted = set(names)
        for c in self.commands:
            e = c.effective() if effective else c
            if e.command_name in wanted:
                yield e

    @property
    def top_level_commands(self) -> tuple[Command, ...]:
        return tuple(c for c in self.commands if not c.nested)

    @property
    def uses_pipefail(self) -> bool:
        """True when every pipeline runs after ``set -o pipefail`` (and some set it when there is no
        pipeline at all)."""
        if not self.pipelines:
            return self.pipefail_set
        return all(p.pipefail for p in self.pipelines)

    @property
    def failure_hiding_pipelines(self) -> tuple[Pipeline, ...]:
        """Pipelines where a failure on the left goes unnoticed: no ``pipefail`` is in effect and
        the pipeline's output is not checked. A pipeline inside a ``$(...)`` (or backticks) whose
        output a test compares is checked: ``test "$(curl -s x | jq .a)" = ok``, ``[ -n "$(a | b)"
        ]``, ``[[ $(a | b) == x ]]``, or ``v=$(a | b)`` with ``$v`` tested afterwards: a failed
        left side gives wrong output, and the test fails."""
        cached: tuple[Pipeline, ...] | None = self.cache.get("failure_hiding")  # type: ignore[assignment]
        if cached is None:
            checked = _checked_substitutions(self.commands)
            cached = tuple(
                p
                for p in self.pipelines
                if not p.pipefail and not any(s <= p.span.start_offset and p.span.end_offset <= e for s, e in checked)
            )
            self.cache["failure_hiding"] = cached
        return cached

    def iter_words(self) -> Iterator[Word]:
        for c in self.commands:
            for a in c.assignments:
                yield a.word
            yield from c.words
            for r in c.redirects:
                if r.target is not None:
                    yield r.target


#: redirection operators that send output to a file
_OUTPUT_OPS = frozenset({">", ">>", ">|", "&>", "&>>"})
#: programs that run a script file given as their first argument
_SCRIPT_RUNNERS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh", ".", "source"})
#: folders of the system's own programs: a command named by such a path is not a project script
_SYSTEM_DIRS = ("/bin/", "/sbin/", "/usr/bin/", "/usr/sbin/", "$")


def command_of_words(words: tuple[tuple[str, Span], ...]) -> Command:
    """A command from literal words (an exec-form ``["curl", "-f", "http://x"]``), each at its span."""
    ws = tuple(Word(raw=v, value=v, span=sp, quoted=True) for v, sp in words)
    span = ws[0].span.cover(ws[-1].span) if ws else Span(1, 1, 1, 1, 0, 0)
    return Command(name=ws[0] if ws else None, args=ws[1:], span=span)


#: commands whose exit status is a comparison of their arguments
_TEST_COMMANDS = frozenset({"test", "[", "[["})
_SUBST = frozenset({"cmdsubst", "backtick"})
_DECLARERS = frozenset({"export", "local", "readonly", "declare", "typeset"})


def _checked_substitutions(commands: tuple[Command, ...]) -> list[tuple[int, int]]:
    """Source ranges of the command substitutions whose output a test command compares, directly
    or through a variable assigned from them (``v=$(...)`` ... ``[ "$v" = x ]``)."""
    assigned: dict[str, list[tuple[int, int]]] = {}
    for c in commands:
        pairs = [(a.name, a.value) for a in c.assignments]
        if c.command_name in _DECLARERS:  # export V=$(a | b), local V=...
            pairs += [(w.value.partition("=")[0], w) for w in c.args if _ASSIGN_NAME(w.value)]
        for name, value in pairs:
            for e in value.expansions if value is not None else ():
                if e.kind in _SUBST:
                    assigned.setdefault(name, []).append((e.span.start_offset, e.span.end_offset))
    out: list[tuple[int, int]] = []
    for c in commands:
        if c.command_name not in _TEST_COMMANDS:
            continue
        for w in c.args:
            for e in w.expansions:
                if e.kind in _SUBST:
                    out.append((e.span.start_offset, e.span.end_offset))
                elif e.kind in ("var", "param"):
                    out.extend(assigned.get(e.name, ()))
    return out
