"""nginx configuration parser: our own tokenizer and block parser, include-aware.

Tokens follow nginx's lexer (as crossplane renders it): whitespace separates words, ``;``, ``{``
and ``}`` end them, ``#`` starts a comment only where a word would start, a quote starts a quoted
string only at the start of a word, ``${var}`` stays inside its word, and a backslash escapes the
next character. ``*_by_lua_block { ... }`` bodies are read raw (Lua strings and comments skipped
while braces are balanced) and become one argument, as crossplane does. ``if (...)`` arguments lose
their parentheses (crossplane's convention).

Errors never raise: an unexpected ``;``/``{``/``}``, a statement cut off by ``}`` or the end of
the file, an unclosed block, an unterminated string, and a missing ``;`` before a line that starts
with a well-known directive name (nginx would silently take it as more arguments) become
diagnostics, and parsing resumes.

Deliberate differences from crossplane 0.5.8 (the test oracle, ``tests/nginx/test_oracle.py``):
the whitespace after ``${var}`` ends the word as in nginx (crossplane glues it to the word); a
``}`` that cuts off a statement closes both the statement and the block, with an NGX000 (crossplane
shifts the rest of the file); comments between arguments are reported in ``Parsed.comments``, not
as ``#`` directives.

Includes follow nginx's rule: relative paths resolve against the configuration prefix (the folder
of the main ``nginx.conf``), and ``/etc/nginx/`` maps to that folder (or to the ``prefix`` of the
``[nginx]`` settings section). Every read goes through :class:`~deploylint.parsers.ParseEnv`, so
nothing outside the scanned root is ever opened; such includes and include cycles are recorded on
the model for rules to report.

A fragment (a ``conf.d`` site, a snippet) that a main file includes is checked inside that main
file: the main files considered are those in the fragment's folder and each folder above it,
``nginx.conf`` first, then any ``*.conf`` whose top level holds an ``http`` or ``events`` block
(``nginx.prod.conf``). A fragment no scanned main file includes keeps its own model, and rules
treat what it does not set as possibly inherited (``NginxConfig.inherits_unseen``).
"""

from __future__ import annotations

import fnmatch
import glob as _glob
import os
import re
import weakref
from dataclasses import field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from deploylint.models.base import Comment, Diagnostic, Parsed
from deploylint.models.nginx import DATA_BLOCKS, Arg, Directive, IncludeProblem, NginxConfig
from deploylint.parsers import ParseEnv, Refused
from deploylint.paths import resolve
from deploylint.profiles import profile_of
from deploylint.records import record
from deploylint.source import SourceFile, Span

if TYPE_CHECKING:
    from deploylint.json_types import JSONLike

__all__ = ["crossplane_payload", "parse", "parse_text", "to_crossplane"]

_TOKEN = re.compile(
    r"""(?P<ws>\s++)
    |(?P<comment>\#[^\n]*+)
    |(?P<special>[;{}])
    |(?P<dq>"[^"\\]*+(?:\\[\s\S][^"\\]*+)*+"?)
    |(?P<sq>'[^'\\]*+(?:\\[\s\S][^'\\]*+)*+'?)
    |(?P<word>(?:[^\s;{}\\$]++|\\[\s\S]?|\$\{[^}\s]*+\}?|\$)++)
    """,
    re.VERBOSE,
)
_LUA_STOP = re.compile(r"""[{}"'\[\-]""")
_LONG_OPEN = re.compile(r"\[(=*)\[")

MAX_INCLUDE_DEPTH = 24
#: nested blocks per file (real configs use under ten)
MAX_BLOCK_DEPTH = 64
MAX_INCLUDED_FILES = 400
#: folder entries one include glob may list (a pattern over a huge tree is not followed)
MAX_GLOB_ENTRIES = 10_000

#: common directive names: a line starting with one of these inside a statement's arguments
#: (at or left of the statement's own column) means a ';' is missing
_KNOWN = frozenset(
    [
        "access_log",
        "add_header",
        "alias",
        "allow",
        "auth_basic",
        "auth_basic_user_file",
        "autoindex",
        "charset",
        "client_body_buffer_size",
        "client_body_timeout",
        "client_header_timeout",
        "client_max_body_size",
        "default_type",
        "deny",
        "error_log",
        "error_page",
        "etag",
        "expires",
        "fastcgi_param",
        "fastcgi_pass",
        "gzip",
        "gzip_types",
        "http2",
        "if",
        "include",
        "index",
        "internal",
        "keepalive_timeout",
        "limit_conn",
        "limit_req",
        "listen",
        "location",
        "log_format",
        "proxy_buffering",
        "proxy_buffers",
        "proxy_buffer_size",
        "proxy_cache",
        "proxy_connect_timeout",
        "proxy_http_version",
        "proxy_pass",
        "proxy_read_timeout",
        "proxy_redirect",
        "proxy_send_timeout",
        "proxy_set_header",
        "real_ip_header",
        "resolver",
        "return",
        "rewrite",
        "root",
        "sendfile",
        "server",
        "server_name",
        "server_tokens",
        "set",
        "ssl_certificate",
        "ssl_certificate_key",
        "ssl_ciphers",
        "ssl_prefer_server_ciphers",
        "ssl_protocols",
        "ssl_session_cache",
        "ssl_session_timeout",
        "ssl_stapling",
        "ssl_stapling_verify",
        "tcp_nodelay",
        "tcp_nopush",
        "try_files",
        "upstream",
        "uwsgi_pass",
        "uwsgi_param",
        "worker_connections",
        "worker_processes",
    ]
)


def _set(obj: object, name: str, value: object) -> None:
    object.__setattr__(obj, name, value)


@record(frozen=False, slots=False)
class _Frame:
    node: Directive
    children: list[Directive] = field(default_factory=list)
    open_off: int = 0


class _Parser:
    """Parses one file's text. ``includer`` (when given) expands include directives."""

    def __init__(self, src: SourceFile, root: Directive, includer: _Includer | None) -> None:
        self.src = src
        self.text = src.text
        self.root = root
        self.includer = includer
        self.errors: list[Diagnostic] = []
        self.comments: list[Comment] = []
        self._off = 0  # positions are computed incrementally (tokens come in order)
        self._line = 1
        self._lstart = 0

    def _lc(self, off: int) -> tuple[int, int]:
        if off < self._off:
            return self.src.position(off)
        nl = self.text.count("\n", self._off, off)
        if nl:
            self._line += nl
            self._lstart = self.text.rfind("\n", self._off, off) + 1
        self._off = off
        return self._line, off - self._lstart + 1

    def _span(self, start: int, end: int) -> Span:
        l1, c1 = self._lc(start)
        l2, c2 = self._lc(end)
        return Span(l1, c1, l2, c2, start, end, file=self.src)

    def _from(self, first: Span, end: int) -> Span:
        """From the start of ``first`` to ``end`` (a later offset)."""
        l2, c2 = self._lc(end)
        return Span(first.start_line, first.start_col, l2, c2, first.start_offset, end, file=self.src)

    def error(self, msg: str, start: int, end: int | None = None) -> None:
        self.errors.append(Diagnostic(msg, self.src.span(start, end if end is not None else start + 1)))

    def point(self, msg: str, at: int) -> None:
        """A diagnostic just after the character before ``at`` (where a ';' belongs)."""
        line, col = self.src.position(at)
        self.errors.append(Diagnostic(msg, Span.point(line, col, at, file=self.src)))

    def run(self) -> list[Directive]:
        text, src = self.text, self.src
        n = len(text)
        stack = [_Frame(self.root)]
        name: Arg | None = None
        args: list[Arg] = []
        last_end = 0  # end offset of the last significant token
        line_start_tok = True  # no token yet on the current line
        mismatch: Directive | None = None  # first block closed by a '}' indented like an outer one
        unterminated = False
        pos = 0
        match = _TOKEN.match
        while pos < n:
            m = match(text, pos)
            if m is None:  # cannot happen: the alternatives cover every character
                pos += 1
                continue
            kind = m.lastgroup
            start, end = m.start(), m.end()
            pos = end
            if kind == "ws":
                if "\n" in m.group():
                    line_start_tok = True
                continue
            if kind == "comment":
                body = m.group()[1:]
                trailing = not line_start_tok
                self.comments.append(Comment(self._span(start, end), body, trailing=trailing))
                continue
            first_on_line = line_start_tok
            line_start_tok = False
            if kind == "special":
                ch = m.group()
                if ch == ";":
                    if name is None:
                        self.error('unexpected ";" (no directive before it)', start)
                    else:
                        self._finish(stack, name, args, end, None)
                        name, args = None, []
                elif ch == "{":
                    if name is None:
                        self.error('unexpected "{" (a block needs a directive name)', start)
                        name = Arg("", src.span(start, start + 1))
                    if name.value.endswith("_by_lua_block") and len(args) == (
                        1 if name.value == "set_by_lua_block" else 0
                    ):
                        pos = self._lua(stack, name, args, start)
                        name, args = None, []
                        last_end = pos
                        continue
                    node = self._node(stack, name, args, end, block=True)
                    stack.append(_Frame(node, open_off=start))
                    name, args = None, []
                    if len(stack) - 1 > MAX_BLOCK_DEPTH:
                        self.error(f"blocks nest more than {MAX_BLOCK_DEPTH} levels deep; the rest is not read", start)
                        unterminated = True
                        break
                else:  # "}"
                    if name is not None:
                        self.point(
                            f'missing ";" after "{name.value}" directive (found "}}")',
                            last_end,
                        )
                        self._finish(stack, name, args, last_end, None)
                        name, args = None, []
                    if len(stack) == 1:
                        self.error('unexpected "}" (no block is open)', start)
                    else:
                        frame = stack.pop()
                        if mismatch is None and first_on_line:
                            col = src.position(start)[1]
                            if col < frame.node.name_span.start_col:
                                mismatch = frame.node
                        _set(frame.node, "block", tuple(frame.children))
                        _set(frame.node, "span", self._from(frame.node.name_span, end))
                last_end = end
                continue
            # a word or a quoted string
            if kind == "word":
                arg = Arg(m.group(), self._span(start, end), False)
            else:
                raw = m.group()
                quote = raw[0]
                closed = len(raw) >= 2 and raw.endswith(quote) and not _escaped_end(raw)
                if not closed:
                    self.error(f"unterminated {quote}-quoted string", start)
                    unterminated = True
                inner = raw[1:-1] if closed else raw[1:]
                arg = Arg(inner.replace("\\" + quote, quote), self._span(start, end), True)
            if name is None:
                name = arg
            elif (
                first_on_line
                and kind == "word"
                and arg.value in _KNOWN
                and arg.span.start_col <= name.span.start_col
                and stack[-1].node.name not in DATA_BLOCKS
            ):
                self.point(f'missing ";" after "{name.value}" directive', last_end)
                self._finish(stack, name, args, last_end, None)
                name, args = arg, []
            else:
                args.append(arg)
            last_end = end
        if name is not None:
            if not unterminated:
                self.point(f'unexpected end of file: missing ";" after "{name.value}" directive', last_end)
            self._finish(stack, name, args, last_end, None)
        if len(stack) > 1 and not unterminated:
            unclosed = mismatch or stack[-1].node
            self.error(
                f'unexpected end of file: the "{unclosed.name}" block opened here is not closed by "}}"',
                unclosed.name_span.start_offset,
                unclosed.name_span.end_offset,
            )
        while len(stack) > 1:
            frame = stack.pop()
            _set(frame.node, "block", tuple(frame.children))
            _set(frame.node, "span", src.span(frame.node.name_span.start_offset, max(n, frame.open_off + 1)))
        return stack[0].children

    def _node(self, stack: list[_Frame], name: Arg, args: list[Arg], end: int, *, block: bool) -> Directive:
        parent = stack[-1]
        if name.value == "if":
            args = _if_args(args, self.src)
        node = Directive(
            name.value,
            tuple(args),
            self._from(name.span, end),
            name.span,
            self.src,
            () if block else None,
            parent.node,
        )
        parent.children.append(node)
        return node

    def _finish(self, stack: list[_Frame], name: Arg, args: list[Arg], end: int, _: None) -> None:
        node = self._node(stack, name, args, end, block=False)
        if node.name == "include" and self.includer is not None and node.args:
            self.includer.expand(node, stack[-1].node)

    def _lua(self, stack: list[_Frame], name: Arg, args: list[Arg], brace: int) -> int:
        """Read a raw Lua block starting at ``brace``; returns the offset after its closing brace."""
        text = self.text
        n = len(text)
        depth = 1
        i = brace + 1
        while i < n:
            m = _LUA_STOP.search(text, i)
            if m is None:
                break
            i = m.start()
            c = text[i]
            if c == "{":
                depth += 1
                i += 1
            elif c == "}":
                depth -= 1
                if depth == 0:
                    body = text[brace + 1 : i]
                    args = [*args, Arg(body, self.src.span(brace + 1, i), True)]
                    self._finish(stack, name, args, i + 1, None)
                    return i + 1
                i += 1
            elif c in "\"'":
                j = i + 1
                while j < n and text[j] != c and text[j] != "\n":
                    j += 2 if text[j] == "\\" else 1
                i = j + 1
            elif c == "[":
                lm = _LONG_OPEN.match(text, i)
                if lm:
                    close = text.find("]" + lm.group(1) + "]", lm.end())
                    i = n if close < 0 else close + len(lm.group(1)) + 2
                else:
                    i += 1
            elif text.startswith("--", i):
                lm = _LONG_OPEN.match(text, i + 2)
                if lm:
                    close = text.find("]" + lm.group(1) + "]", lm.end())
                    i = n if close < 0 else close + len(lm.group(1)) + 2
                else:
                    nl = text.find("\n", i)
                    i = n if nl < 0 else nl
            else:
                i += 1
        self.error(f'unexpected end of file: the "{name.value}" Lua block is not closed', name.span.start_offset)
        args = [*args, Arg(text[brace + 1 :], self.src.span(brace + 1, n), True)]
        self._finish(stack, name, args, n, None)
        return n


def _escaped_end(raw: str) -> bool:
    """True when the final quote of ``raw`` is escaped by an odd run of backslashes."""
    k = len(raw) - 2
    count = 0
    while k >= 1 and raw[k] == "\\":
        count += 1
        k -= 1
    return count % 2 == 1


def _if_args(args: list[Arg], src: SourceFile) -> list[Arg]:
    """Strip the parentheses of an ``if`` condition, as crossplane does."""
    if not (args and args[0].value.startswith("(") and args[-1].value.endswith(")")):
        return args
    out = list(args)
    a = out[0]
    v = a.value[1:]
    stripped = v.lstrip()
    shift = 0 if a.quoted else 1 + len(v) - len(stripped)
    out[0] = Arg(stripped, src.span(a.span.start_offset + shift, a.span.end_offset), a.quoted)
    b = out[-1]
    v = b.value[:-1]
    stripped = v.rstrip()
    cut = 0 if b.quoted else 1 + len(v) - len(stripped)
    out[-1] = Arg(
        stripped, src.span(b.span.start_offset, max(b.span.end_offset - cut, b.span.start_offset + 1)), b.quoted
    )
    start = 0 if out[0].value else 1
    stop = len(out) - (0 if out[-1].value else 1)
    return out[start:stop]


# -- includes ----------------------------------------------------------------------------------------
class _State:
    """Per-scan memo of file-system answers (resolution, existence, reads, main files), so the
    many fragments of one project do not repeat the same path work."""

    def __init__(self, env: ParseEnv) -> None:
        self.env = env
        self.root = resolve(env.root)
        self.mains: dict[Path, frozenset[Path]] = {}
        self.main_parse: dict[Path, tuple[SourceFile, Directive, _Includer, _Parser]] = {}
        self.folder_mains: dict[Path, tuple[Path, ...]] = {}
        self._confined: dict[Path, Path | None] = {}
        self._exists: dict[Path, bool] = {}

    def confine(self, path: Path) -> Path:
        if path not in self._confined:
            try:
                self._confined[path] = self.env.confine(path)
            except Refused:
                self._confined[path] = None
        got = self._confined[path]
        if got is None:
            raise Refused(f"{path} is outside the scanned root")
        return got

    def exists(self, path: Path) -> bool:
        got = self._exists.get(path)
        if got is None:
            try:
                got = self.confine(path).exists()
            except Refused:
                got = False
            self._exists[path] = got
        return got

    def inside(self, path: Path) -> bool:
        """Whether ``path`` stays under the root: first lexically (``..`` folded, so a path aimed
        outside is refused without touching the file system there), then with symlinks resolved."""
        if not Path(os.path.normpath(path)).is_relative_to(self.root):
            return False
        try:
            self.confine(path)
        except Refused:
            return False
        return True

    def read(self, path: Path) -> SourceFile:
        resolved = self.confine(path)
        cached = self.env.cache.get(resolved)
        return cached if cached is not None else self.env.read(resolved)


_STATES: dict[int, tuple[weakref.ref[ParseEnv], _State]] = {}


def _state(env: ParseEnv) -> _State:
    key = id(env)
    got = _STATES.get(key)
    if got is None or got[0]() is not env:
        for k in [k for k, (r, _) in _STATES.items() if r() is None]:
            del _STATES[k]
        got = (weakref.ref(env), _State(env))
        _STATES[key] = got
    return got[1]


class _Includer:
    def __init__(self, env: ParseEnv, bases: list[Path], main_src: SourceFile) -> None:
        self.env = env
        self.fs = _state(env)
        self.bases = bases
        self.stack: list[Path] = [resolve(main_src.path)]
        self.problems: list[IncludeProblem] = []
        self.files: list[SourceFile] = []
        self.seen: set[Path] = set()
        self.count = 0
        section = env.settings.section("nginx")
        prefix = section.get("prefix")
        self.etc_bases = [(env.root / str(prefix)).resolve()] if prefix else bases

    def resolve(self, pattern: str) -> tuple[list[Path], str | None]:
        """Files an include pattern names, or a problem kind ("outside-root", "missing")."""
        if "$" in pattern:
            return [], None
        p = PurePosixPath(pattern)
        if p.is_absolute():
            parts = p.parts
            if parts[1:3] == ("etc", "nginx"):
                bases, rel = self.etc_bases, PurePosixPath(*parts[3:]) if len(parts) > 3 else PurePosixPath(".")
            else:
                bases, rel = [Path("/")], PurePosixPath(*parts[1:]) if len(parts) > 1 else PurePosixPath(".")
        else:
            bases, rel = self.bases, p
        outside = False
        for base in bases:
            if not _glob.has_magic(str(rel)):
                target = base / rel.as_posix()
                try:
                    self.fs.confine(target)
                except Refused:
                    outside = True
                    continue
                if self.fs.exists(target):
                    return [self.fs.confine(target)], None
                continue
            found, left, too_many = self.expand_glob(base, rel.parts)
            outside = outside or left
            if too_many:
                return [], "too-many"
            if found:
                return found, None
        return [], ("outside-root" if outside else "missing")

    def expand_glob(self, base: Path, parts: tuple[str, ...]) -> tuple[list[Path], bool, bool]:
        """The files a glob names under ``base``: (files, something left the root, too many listed).

        Like nginx's glob(3), a pattern matches one path component at a time (``**`` is the same as
        ``*``, there is no recursive walk). The fixed part before the first wildcard must stay
        under the root, lexically and once symlinks are resolved, before any folder is listed, so
        a pattern aimed outside is refused the same way whether or not anything there would match.
        Every folder listed is confined the same way; at most :data:`MAX_GLOB_ENTRIES` entries are
        listed per pattern.
        """
        first = next(i for i, part in enumerate(parts) if _glob.has_magic(part))
        start = base.joinpath(*parts[:first])
        if not self.fs.inside(start):
            return [], True, False
        folders, outside, listed = [start], False, 0
        for i, part in enumerate(parts[first:], start=first):
            if not _glob.has_magic(part):
                folders = [f / part for f in folders]
                continue
            if i > first:
                kept = [f for f in folders if self.fs.inside(f)]
                outside = outside or len(kept) < len(folders)
                folders = kept
            match = re.compile(fnmatch.translate(part)).match
            hits: list[Path] = []
            for folder in folders:
                try:
                    with os.scandir(folder) as entries:
                        for entry in entries:
                            listed += 1
                            if listed > MAX_GLOB_ENTRIES:
                                return [], outside, True
                            if match(entry.name):
                                hits.append(folder / entry.name)
                except OSError:
                    continue
            folders = hits
        files: list[Path] = []
        for hit in sorted(folders):
            try:
                if hit.is_file():
                    files.append(self.fs.confine(hit))
            except Refused:
                outside = True
            except OSError:
                continue
        return files, outside, False

    def expand(self, node: Directive, parent: Directive) -> None:
        pattern = node.args[0].value
        found, problem = self.resolve(pattern)
        if problem == "outside-root":
            self.problems.append(
                IncludeProblem("outside-root", f'include "{pattern}" points outside the scanned root; not read', node)
            )
            return
        if problem == "too-many":
            msg = f'include "{pattern}" lists more than {MAX_GLOB_ENTRIES:,} folder entries; not followed'
            self.problems.append(IncludeProblem("limit", msg, node))
            return
        if problem == "missing" and not _glob.has_magic(pattern):
            self.problems.append(IncludeProblem("missing", f'include "{pattern}" matches no file', node))
            return
        included: list[Directive] = []
        files: list[SourceFile] = []
        for path in found:
            if path in self.stack:
                self.problems.append(
                    IncludeProblem("cycle", f'include "{pattern}" includes {path.name} again (include cycle)', node)
                )
                continue
            if len(self.stack) > MAX_INCLUDE_DEPTH:
                msg = f'include "{pattern}" is more than {MAX_INCLUDE_DEPTH} files deep in a chain of includes; not followed'
                self.problems.append(IncludeProblem("limit", msg, node))
                break
            if self.count >= MAX_INCLUDED_FILES:
                msg = (
                    f'include "{pattern}" would read more than {MAX_INCLUDED_FILES} included files in all; not followed'
                )
                self.problems.append(IncludeProblem("limit", msg, node))
                break
            try:
                sub = self.fs.read(path)
            except (Refused, OSError) as exc:
                self.problems.append(IncludeProblem("outside-root", f'include "{pattern}": {exc}', node))
                continue
            self.count += 1
            files.append(sub)
            if path not in self.seen:
                self.seen.add(path)
                self.files.append(sub)
            self.stack.append(path)
            included += _Parser(sub, parent, self).run()
            self.stack.pop()
        _set(node, "included", tuple(included))
        _set(node, "include_files", tuple(files))


# -- context of a standalone file ---------------------------------------------------------------------
_MAIN_MARK = frozenset(
    [
        "http",
        "events",
        "stream",
        "mail",
        "worker_processes",
        "user",
        "pid",
        "daemon",
        "master_process",
        "worker_rlimit_nofile",
        "load_module",
        "env",
        "thread_pool",
        "worker_cpu_affinity",
        "worker_priority",
        "pcre_jit",
        "lock_file",
        "working_directory",
        "timer_resolution",
        "worker_shutdown_timeout",
    ]
)
_HTTP_MARK = frozenset(
    [
        "server",
        "upstream",
        "map",
        "geo",
        "log_format",
        "limit_req_zone",
        "limit_conn_zone",
        "proxy_cache_path",
        "fastcgi_cache_path",
        "server_names_hash_bucket_size",
        "server_names_hash_max_size",
        "variables_hash_max_size",
        "types_hash_max_size",
        "split_clients",
        "lua_package_path",
        "init_by_lua_block",
        "init_worker_by_lua_block",
    ]
)
_SERVER_MARK = frozenset(["listen", "server_name", "location"])
_LOCATION_MARK = frozenset(
    [
        "alias",
        "limit_except",
        "proxy_pass",
        "fastcgi_pass",
        "uwsgi_pass",
        "grpc_pass",
        "scgi_pass",
        "memcached_pass",
        "internal",
    ]
)


def guess_context(top: list[Directive]) -> str:
    names = {d.name for d in top}
    if names & _MAIN_MARK:
        return "main"
    if names & _HTTP_MARK:
        return "http"
    if names & _SERVER_MARK:
        return "server"
    if names & _LOCATION_MARK:
        return "location"
    return "http"


def _root_for(src: SourceFile) -> Directive:
    return Directive("", (), src.span(0, len(src.text)), src.insertion(0), src, ())


def parse_text(src: SourceFile) -> tuple[Directive, list[Diagnostic], list[Comment]]:
    """Parse one file without following includes."""
    root = _root_for(src)
    p = _Parser(src, root, None)
    top = p.run()
    _set(root, "block", tuple(top))
    return root, p.errors, p.comments


#: top-level blocks that make a file other than nginx.conf a main file (``nginx.prod.conf``)
_MAIN_BLOCKS = frozenset(["http", "events"])
#: main files considered in one folder (a folder of hundreds of sites is not read whole)
MAX_MAINS_PER_FOLDER = 20


def _find_mains(path: Path, env: ParseEnv) -> list[Path]:
    """Main files that may include this one, nearest folder first: in this file's folder and
    each folder above it (within the root), ``nginx.conf`` and then any other ``*.conf`` whose
    top level has an ``http`` or ``events`` block; never the file itself."""
    fs = _state(env)
    root = fs.root
    out: list[Path] = []
    folder = path.parent
    if not folder.is_relative_to(root):  # tested once: a test per folder was quadratic in the depth
        return out
    while True:
        out += [m for m in _mains_in(folder, fs) if m != path]
        if folder in (root, folder.parent):
            break
        folder = folder.parent
    return out


def _mains_in(folder: Path, fs: _State) -> tuple[Path, ...]:
    got = fs.folder_mains.get(folder)
    if got is None:
        found: list[Path] = []
        cand = folder / "nginx.conf"
        if fs.exists(cand):
            found.append(cand)
        try:
            others = sorted(p for p in folder.glob("*.conf") if p.name != "nginx.conf")
        except OSError:
            others = []
        for p in others[:MAX_MAINS_PER_FOLDER]:
            try:
                if not p.is_file():
                    continue
                root, _, _ = parse_text(fs.read(p))
            except (Refused, OSError, RecursionError):
                continue
            if any(d.name in _MAIN_BLOCKS and d.block is not None for d in root.block or ()):
                found.append(fs.confine(p))
        got = fs.folder_mains[folder] = tuple(found)
    return got


def _main_includes(main: Path, env: ParseEnv) -> frozenset[Path]:
    fs = _state(env)
    got = fs.mains.get(main)
    if got is None:
        fs.mains[main] = frozenset()  # guards against re-entry
        try:
            src = fs.read(main)
        except (Refused, OSError):
            return frozenset()
        inc = _Includer(env, [main.parent], src)
        root = _root_for(src)
        p = _Parser(src, root, inc)
        _set(root, "block", tuple(p.run()))
        got = frozenset(f.path for f in inc.files)
        fs.mains[main] = got
        fs.main_parse[main] = (src, root, inc, p)  # the main's own parse reuses it
    return got


def parse(src: SourceFile, env: ParseEnv) -> Parsed[NginxConfig]:
    path = resolve(src.path)
    covered_by: str | None = None
    if path.name == "nginx.conf":
        bases = [path.parent]
    else:
        mains = _find_mains(path, env)
        main = next((m for m in mains if path in _main_includes(m, env) and not _excluded(m, env)), None)
        if main is not None:
            covered_by = _state(env).read(main).display
            bases = [main.parent]
        else:
            bases = [path.parent] + ([mains[0].parent] if mains else [])
    includer: _Includer | None
    cached = _state(env).main_parse.pop(path, None)
    if cached is not None and cached[0].text == src.text and cached[0].display == src.display:
        _, root, includer, p = cached  # parsed already while checking which fragments it covers
        top = list(root.block or ())
    else:
        root = _root_for(src)
        includer = _Includer(env, bases, src) if covered_by is None else None
        p = _Parser(src, root, includer)
        top = p.run()
        _set(root, "block", tuple(top))
    context = "main" if path.name == "nginx.conf" and any(d.name in _MAIN_MARK for d in top) else guess_context(top)
    files = [src, *(includer.files if includer else [])]
    model = NginxConfig(
        root,
        src,
        context=context,
        covered_by=covered_by,
        include_problems=includer.problems if includer else [],
        files=files,
        profiles={f.display: profile_of(f.path, env.root, env.settings) for f in files},
    )
    return Parsed(model, p.errors, p.comments)


def _excluded(main: Path, env: ParseEnv) -> bool:
    try:
        rel = main.relative_to(_state(env).root).as_posix()
    except ValueError:
        return True
    return env.settings.excluded(rel)


# -- crossplane-compatible payload ------------------------------------------------------------------
def to_crossplane(root: Directive) -> list[dict[str, JSONLike]]:
    """The ``parsed`` list crossplane gives for one file (``single=True``, no comments)."""

    def conv(nodes: tuple[Directive, ...]) -> list[dict[str, JSONLike]]:
        out: list[dict[str, JSONLike]] = []
        for d in nodes:
            item: dict[str, JSONLike] = {"directive": d.name, "line": d.name_span.start_line, "args": list(d.values)}
            if d.block is not None and not d.name.endswith("_by_lua_block"):
                item["block"] = conv(d.block)
            out.append(item)
        return out

    return conv(root.block or ())


def crossplane_payload(conf: NginxConfig, errors: list[Diagnostic] | None = None) -> dict[str, JSONLike]:
    """A crossplane-style payload (``crossplane.parse(..., combine=False)``) for a parsed file and
    the files its includes pulled in: one ``config`` entry per file, ``includes`` indices on
    include directives, 1-based ``line`` numbers. Our parse errors go in ``errors``."""
    files: list[dict[str, JSONLike]] = []
    index: dict[str, int] = {}

    def add_file(src: SourceFile, nodes: tuple[Directive, ...]) -> int:
        key = src.path.as_posix()
        if key not in index:
            index[key] = len(files)
            files.append({"file": key, "status": "ok", "errors": [], "parsed": []})
            files[index[key]]["parsed"] = conv(nodes)
        return index[key]

    def conv(nodes: tuple[Directive, ...]) -> list[dict[str, JSONLike]]:
        out: list[dict[str, JSONLike]] = []
        for d in nodes:
            item: dict[str, JSONLike] = {"directive": d.name, "line": d.name_span.start_line, "args": list(d.values)}
            if d.name == "include" and d.include_files:
                groups: dict[str, list[Directive]] = {}
                for sub in d.included:
                    groups.setdefault(sub.source.path.as_posix(), []).append(sub)
                item["includes"] = [add_file(f, tuple(groups.get(f.path.as_posix(), ()))) for f in d.include_files]
            if d.block is not None and not d.name.endswith("_by_lua_block"):
                item["block"] = conv(d.block)
            out.append(item)
        return out

    add_file(conf.source, conf.root.block or ())
    errs: list[dict[str, JSONLike]] = [
        {"file": conf.source.path.as_posix(), "error": e.message, "line": e.span.start_line} for e in errors or []
    ]
    if errs:
        files[0]["status"] = "failed"
        files[0]["errors"] = [{"error": e["error"], "line": e["line"]} for e in errs]
    return {"status": "failed" if errs else "ok", "errors": errs, "config": files}
