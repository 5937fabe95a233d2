"""The on-disk cache of ``deploylint check``: per-file results and the project phase's findings.

A file's entry holds what scanning it gave (parse errors and the findings of its per-file rules,
the ids of rules that wait for the project, its kind, labels and comment positions). It is used
only when everything its result depends on is unchanged:

- the tool: its version and the sources of deploylint and of any rule pack (a changed rule
  module changes the fingerprint, so a development install never reads stale results);
- the resolved settings that apply to the file (selection, severities, options, ignores, the
  per-kind sections: the settings of its closest config) and how the run treats it (kind
  override, given explicitly or found, its path as shown);
- the file's bytes (SHA-256);
- the shape of the tree under the root (every path and its type, symlink targets included): a
  parser asks whether files exist (a ``.dockerignore``, an included nginx file, compose files
  beside a Dockerfile), so creating, deleting or renaming any file re-checks every file. A run
  given at most :data:`FEW_FILES` files by name (pre-commit) does not walk the tree: it records
  the questions it asks the file system (:class:`Questions`) and the next run asks them again;
- the text of every other file the parser read (an nginx include, a compose ``extends`` or
  ``.env``), each re-read and compared.

The project phase (rules that read ``ctx.project``, and the PRJ rules) is one more entry, keyed by
every scanned file's entry, the tree shape and the texts it read; when anything changed it is
recomputed from the files' models, which are parsed again only when a cross-file rule asks for
them. A file's rules that wait for the project and asked it only about the file system
(:mod:`deploylint.engine.watch`) are kept apart, with the file: an edit elsewhere leaves them.

Discovery's result (the files a walk finds) is kept too, keyed by the tree's shape and the texts
of every ``.gitignore`` and config file in it (hashed again when their stat key changed or is too
recent to trust).

Entries are JSON (data only, never pickles), signed with a key kept outside the scanned root when
the cache folder is inside it (:meth:`Cache.key`), and checked field by field when read: an entry that does
not parse, has another format or tool, or holds a wrong type is ignored and rewritten. Writes go to
a temporary file renamed over the entry, so concurrent runs never see half an entry; folders are
created 0700 and files 0600. The cache holds findings exactly as rules reported them (secrets are
already redacted in messages and fixes) and comment positions, never the files' text, and the text
of a comment only when it looks like a suppression.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import fields
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from deploylint.findings import Applicability, Confidence, Edit, Finding, Fix, Location, Severity
from deploylint.models.base import Comment
from deploylint.source import Span

if TYPE_CHECKING:
    from deploylint.discovery import Discovery, Target
    from deploylint.engine import Artifact, Engine, FileResult, Selection
    from deploylint.json_types import JSON, JSONLike, JSONObject
    from deploylint.parsers import ParseEnv
    from deploylint.registry import Registry
    from deploylint.settings import Settings

#: bumped whenever the layout of an entry changes: other formats are ignored
FORMAT = 2
DEFAULT_DIR = ".deploylint_cache"
ENV_VAR = "DEPLOYLINT_CACHE_DIR"
#: a file modified less than this before a walk keeps no trusted stat key (timestamp granularity)
RACY_NS = 2_000_000_000
#: settings fields that never change a file's findings
_NOT_RESULTS = frozenset({"tree", "jobs", "root", "cache_dir", "fail_on", "extend_safe_fixes", "extend_unsafe_fixes"})
#: words a suppression comment holds; other comments are stored without their text
_PRAGMA_WORDS = ("deploylint", "hadolint", "zizmor", "trivy", "checkov", "check")


class BadEntry(Exception):
    """An entry that is not what this version writes."""


def digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for p in parts:
        b = p.encode("utf-8", "surrogatepass") if isinstance(p, str) else p
        h.update(len(b).to_bytes(8, "little"))
        h.update(b)
    return h.hexdigest()


def _plain(value: object) -> JSONLike:
    """``value`` as JSON-able data, the same for equal settings on every run."""
    if isinstance(value, Enum):
        return _plain(value.value)
    if isinstance(value, Path):
        return value.as_posix()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return repr(value)


def settings_fingerprint(settings: Settings) -> str:
    from deploylint.pins import path_for

    data = {f.name: _plain(getattr(settings, f.name)) for f in fields(settings) if f.name not in _NOT_RESULTS}
    # GHA009's fixes read the resolved-refs file (``--online`` writes it): its bytes count too
    refs = path_for(settings)
    try:
        data["refs-content"] = digest(_refs_bytes(refs)) if refs is not None else None
    except OSError:
        data["refs-content"] = None
    return digest(json.dumps(data, sort_keys=True))


def _refs_bytes(refs: Path) -> bytes:
    """The refs file's bytes, read as the scan reads files: a FIFO or /dev/zero there (it lives
    in the scanned repository) cannot block the run or fill memory."""
    from deploylint.paths import SIDE_FILE_LIMIT, NotReadable, read_regular

    data = read_regular(refs.resolve(), SIDE_FILE_LIMIT)
    if len(data) > SIDE_FILE_LIMIT:
        raise NotReadable("larger than the limit; not read")
    return data


def _package_stamp(folder: Path) -> list[str]:
    """(path, content digest) of every Python file under ``folder``: by content, not modification
    time, so a fresh install of the same version (a CI job) finds the entries of the last one."""
    out = []
    for top, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                p = Path(top, name)
                try:
                    out.append(f"{p.relative_to(folder).as_posix()}:{digest(p.read_bytes())}")
                except OSError:
                    continue
    return out


def _stat_stamp(folder: Path) -> str:
    """A digest of (path, size, modification time, inode) of every Python file under ``folder``:
    equal when no source was touched, so the content digest need not be computed again."""
    out = []
    for top, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                try:
                    st = os.stat(os.path.join(top, name))  # noqa: PTH116, PTH118 - hot loop over strings
                except OSError:
                    continue
                out.append(f"{top}/{name}:{st.st_size}:{st.st_mtime_ns}:{st.st_ino}")
    return digest(*out)


_CODE: dict[str, str] = {}


def _sources_digest(here: str) -> str:
    import deploylint

    return digest(deploylint.__version__, sys.version, *_package_stamp(Path(here)))


def tool_fingerprint(registry: Registry, cache: Cache | None = None) -> str:
    """The version, the sources of deploylint, and the rule packs' modules in ``registry``.

    The sources are identified by content; with a ``cache``, the content digest of the last run
    is used again while no source file's size, modification time or inode changed (a memo in the
    cache folder), so a warm run does not read and hash every module."""
    return _with_packs(sources_fingerprint(cache), registry)


def sources_fingerprint(cache: Cache | None = None) -> str:
    """The version and the sources of deploylint (see :func:`tool_fingerprint`)."""
    import deploylint

    here = str(Path(deploylint.__file__).parent)
    base = _CODE.get(here)
    if cache is not None:
        stat_stamp = digest(deploylint.__version__, sys.version, _stat_stamp(Path(here)))
        memo = cache.read("runs", "tool") or {}
        if base is None and memo.get("stat") == stat_stamp and isinstance(memo.get("base"), str):
            base = str(memo["base"])
        if base is None:
            base = _sources_digest(here)
        if memo.get("stat") != stat_stamp or memo.get("base") != base:
            cache.write("runs", "tool", {"stat": stat_stamp, "base": base})
    elif base is None:
        base = _sources_digest(here)
    _CODE[here] = base
    return base


def _with_packs(base: str, registry: Registry) -> str:
    packs = []
    for r in registry.rules.values():
        module_name = getattr(r.check, "__module__", "") or ""
        if module_name == "deploylint" or module_name.startswith("deploylint."):
            continue
        module = sys.modules.get(module_name)
        file = getattr(module, "__file__", None) or ""
        try:
            packs.append(f"{r.id}:{module_name}:{digest(Path(file).read_bytes())}")
        except OSError:
            packs.append(f"{r.id}:{module_name}:?")
    return digest(base, *sorted(packs))


def tree_fingerprint(root: Path, skip: Iterable[Path] = ()) -> str:
    """Every path under ``root`` with its type (and a symlink's target), the insides of ``.git``
    folders and of ``skip`` (the cache itself) left out."""
    return scan_tree(root, skip).fingerprint


#: names of the files whose text decides which files a scan finds (``.gitignore``) or the
#: settings that apply to them (nested configs): their contents are part of the discovery key
SIDE_NAMES = frozenset({".gitignore", ".deploylint.yaml", ".deploylint.yml", ".deploylint.toml", "pyproject.toml"})


class Tree:
    """One walk of the tree under the root: its shape's fingerprint, the stat key (size,
    modification time in ns, inode, device) of every regular file, the side files
    (:data:`SIDE_NAMES`) and whether any symlink was met."""

    __slots__ = ("fingerprint", "has_links", "side", "started", "stats")

    def __init__(
        self, fingerprint: str, stats: dict[str, tuple[int, int, int, int]], side: list[str], links: bool, started: int
    ) -> None:
        #: the wall clock (ns) when the walk began
        self.started = started
        self.fingerprint = fingerprint
        self.stats = stats
        self.side = side
        self.has_links = links


def scan_tree(root: Path, skip: Iterable[Path] = ()) -> Tree:
    """Walk ``root`` once (see :func:`tree_fingerprint`), keeping every regular file's stat key."""
    started = time.time_ns()
    skipped = {os.path.normpath(p) for p in skip}
    h = hashlib.sha256()
    stats: dict[str, tuple[int, int, int, int]] = {}
    side: list[str] = []
    links = False
    stack = [str(root)]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            h.update(f"!{folder}\0".encode("utf-8", "surrogateescape"))
            continue
        for e in entries:
            if skipped and os.path.normpath(e.path) in skipped:
                continue
            try:
                if e.is_symlink():
                    what = "l" + os.readlink(e.path)  # noqa: PTH115 - hot loop over strings
                    links = True
                    if e.name in SIDE_NAMES:
                        side.append(e.path)
                elif e.is_dir():
                    what = "d"
                    if e.name != ".git":
                        stack.append(e.path)
                elif e.is_file():
                    what = "f"
                    st = e.stat(follow_symlinks=False)
                    stats[e.path] = (st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev)
                    if e.name in SIDE_NAMES:
                        side.append(e.path)
                else:
                    what = "o"
            except OSError:
                what = "?"
            h.update(f"{e.path}\0{what}\0".encode("utf-8", "surrogateescape"))
    return Tree(h.hexdigest(), stats, side, links, started)


# -- data <-> findings ---------------------------------------------------------------------------
def _span_data(s: Span) -> list[int]:
    return [s.start_line, s.start_col, s.end_line, s.end_col, s.start_offset, s.end_offset]


def _span(d: JSON) -> Span:
    # the common case, checked in one pass: six plain ints (bools are not ints here)
    if type(d) is list and len(d) == 6 and all(type(x) is int for x in d):
        return Span(*d)  # type: ignore[arg-type]
    if type(d) is not list or len(d) != 6:
        raise BadEntry("span")
    try:
        return Span(*map(_int, d))
    except (TypeError, ValueError, OverflowError):
        raise BadEntry("span") from None


def _int(d: JSON) -> int:
    """An int; a float or numeric string that ``int()`` takes becomes one."""
    if not isinstance(d, int | float | str):
        raise TypeError
    return int(d)


def _str(d: JSON) -> str:
    if not isinstance(d, str):
        raise BadEntry("string")
    return d


def _opt_str(d: JSON) -> str | None:
    return None if d is None else _str(d)


def _pair(d: JSON) -> list[JSON]:
    d = _list(d)
    if len(d) != 2:
        raise BadEntry("pair")
    return d


def _list(d: JSON) -> list[JSON]:
    if not isinstance(d, list):
        raise BadEntry("list")
    return d


def _location_data(loc: Location) -> list[JSONLike]:
    return [loc.path, _span_data(loc.span), loc.note]


def _location(d: JSON) -> Location:
    if type(d) is not list or len(d) != 3:
        raise BadEntry("location")
    path, span, note = d
    if type(path) is not str or (note is not None and type(note) is not str):
        raise BadEntry("location")
    return Location(path, _span(span), note)


_SEVERITIES = {s.value: s for s in Severity}
_CONFIDENCES = {c.value: c for c in Confidence}


def finding_data(f: Finding) -> list[JSONLike]:
    fix: JSONLike = None
    if f.fix is not None:
        fix = [f.fix.title, f.fix.applicability.value, [[_span_data(e.span), e.text] for e in f.fix.edits]]
    return [
        f.rule_id,
        f.rule_name,
        f.severity.value,
        f.message,
        _location_data(f.location),
        [_location_data(r) for r in f.related],
        fix,
        f.confidence.value,
        list(f.tags),
    ]


def finding(d: JSON) -> Finding:
    if type(d) is not list or len(d) != 9:
        raise BadEntry("finding")
    rule_id, rule_name, severity_name, message, loc, related, fix_data, confidence_name, tags = d
    fix = None
    if fix_data is not None:
        fd = _list(fix_data)
        if len(fd) != 3:
            raise BadEntry("fix")
        edits = []
        for e in _list(fd[2]):
            e = _list(e)
            if len(e) != 2:
                raise BadEntry("edit")
            edits.append(Edit(_span(e[0]), _str(e[1])))
        try:
            applicability = Applicability(_str(fd[1]))
        except ValueError:
            raise BadEntry("applicability") from None
        fix = Fix(_str(fd[0]), tuple(edits), applicability)
    severity = _SEVERITIES.get(severity_name) if type(severity_name) is str else None
    confidence = _CONFIDENCES.get(confidence_name) if type(confidence_name) is str else None
    if severity is None or confidence is None:
        raise BadEntry("severity")
    if type(rule_id) is not str or type(rule_name) is not str or type(message) is not str:
        raise BadEntry("string")
    if type(related) is not list or type(tags) is not list or not all(type(t) is str for t in tags):
        raise BadEntry("list")
    return Finding(
        rule_id,
        rule_name,
        severity,
        message,
        _location(loc),
        tuple(_location(r) for r in related) if related else (),
        fix,
        confidence,
        tuple(tags),  # type: ignore[arg-type]
    )


def _pragma(text: str) -> bool:
    low = text.lower()
    return any(w in low for w in _PRAGMA_WORDS)


def comment_data(c: Comment) -> list[JSONLike]:
    return [
        _span_data(c.span),
        c.text if _pragma(c.text) else "",
        c.trailing,
        None if c.target is None else _span_data(c.target),
        c.directive,
    ]


def _comments_data(comments: list[Comment]) -> list[JSONLike]:
    """The comments suppressions need: none when no comment looks like one."""
    if not any(_pragma(c.text) for c in comments):
        return []
    return [comment_data(c) for c in comments]


def comment(d: JSON) -> Comment:
    d = _list(d)
    if len(d) != 5 or type(d[2]) is not bool or type(d[4]) is not bool:
        raise BadEntry("comment")
    return Comment(_span(d[0]), _str(d[1]), d[2], None if d[3] is None else _span(d[3]), d[4])


def findings(d: JSON) -> list[Finding]:
    return [finding(x) for x in _list(d)]


def str_dict(d: JSON) -> dict[str, str]:
    if not isinstance(d, dict):
        raise BadEntry("mapping")
    return {_str(k): _str(v) for k, v in d.items()}


def is_project_root(root: Path) -> bool:
    """Whether ``root`` is a project's (it holds ``.git`` or a deploylint config), not the
    fallback root of files checked outside any project: the default cache is kept only there."""
    from deploylint.discovery import ROOT_MARKERS

    return any(os.path.lexists(root / m) for m in ROOT_MARKERS)


# -- the store -----------------------------------------------------------------------------------
class Cache:
    """Entries under ``folder``: ``files/<slot>.json`` per file, and ``runs/<slot>.json`` per set
    of scanned paths (every file entry of its last run and the project phase's entry)."""

    def __init__(self, folder: Path, root: Path | None = None) -> None:
        self.folder = folder
        #: the scanned root when the folder was located for a scan: a cache folder inside it can
        #: have come with the repository (a poisoned entry that hides findings), so its entries
        #: are signed with a key kept outside it (see :func:`entry_key`)
        self.root = root
        self._ready = False
        self._key: bytes | None = None
        #: entries read / written by this run (for tests and the benchmark)
        self.hits = 0
        self.misses = 0
        self.writes = 0
        #: files whose rules that wait for the project were not run again (Session.deferred)
        self.deferred_hits = 0

    @classmethod
    def locate(cls, settings: Settings, root: Path, given: Path | None = None) -> Cache:
        """The cache for a scan: ``given`` (``--cache-dir``), else ``$DEPLOYLINT_CACHE_DIR``, else
        ``cache-dir`` from the config (relative to the config's folder), else
        ``.deploylint_cache`` at the root."""
        folder = given
        if folder is None and os.environ.get(ENV_VAR):
            folder = Path(os.environ[ENV_VAR])
        if folder is None and settings.cache_dir is not None:
            folder = (settings.base or root) / settings.cache_dir
        if folder is None:
            folder = root / DEFAULT_DIR
        return cls(Path(os.path.abspath(folder)), root)  # noqa: PTH100 - not resolved: a link stays a link

    def _inside_root(self) -> bool:
        if self.root is None:
            return False
        a, b = str(self.folder), str(self.root)
        return a == b or a.startswith(b.rstrip("/") + "/")

    def _through_link(self) -> bool:
        """Whether this folder inside the root is reached through a symlink (written through it,
        the cache would put files wherever the repository's link points)."""
        from deploylint.paths import resolve

        assert self.root is not None
        try:
            return resolve(self.folder) != resolve(self.root) / self.folder.relative_to(self.root)
        except (OSError, ValueError):
            return True

    def key(self, create: bool = False) -> bytes | None:
        """The key entries are signed with (created on first use), or None when there is none to
        be had (the cache is then not used at all).

        A cache folder inside the scanned root may have been committed to the repository with
        entries that say a file has no findings; its key lives outside it, in the user's cache
        folder (``$XDG_CACHE_HOME/deploylint/cache-key``), so no entry can be forged. Such a
        folder must also be a real folder of the root: one reached through a symlink (a
        ``.deploylint_cache`` link to elsewhere) is not used, so nothing is written through it.
        A folder outside the root (``--cache-dir``, ``$DEPLOYLINT_CACHE_DIR``, the action's
        ``runner.temp``) is the user's own and keeps its key beside the entries."""
        if self._key is not None:
            return self._key
        if self._inside_root():
            if self._through_link():
                return None
            base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
            where = Path(base) / "deploylint" / "cache-key"
        else:
            where = self.folder / "key"
        self._key = entry_key(where, create)
        return self._key

    def _prepare(self) -> bool:
        if self._ready:
            return True
        if self._inside_root() and self._through_link():
            return False
        try:
            fresh = not self.folder.is_dir()
            for sub in ("files", "runs"):
                (self.folder / sub).mkdir(mode=0o700, parents=True, exist_ok=True)
            if fresh:
                self.folder.chmod(0o700)
                self._write(self.folder / ".gitignore", "# created by deploylint\n*\n")
                self._write(
                    self.folder / "CACHEDIR.TAG",
                    "Signature: 8a477f597d28d172789f06886806bc55\n# deploylint cache (https://bford.info/cachedir/)\n",
                )
        except OSError:
            return False
        self._ready = True
        return True

    def session(self, engine: Engine, root: Path, paths: list[Path]) -> Session:
        return Session(self, engine, root, paths)

    def _path(self, area: str, slot: str) -> Path:
        return self.folder / area / f"{slot}.json"

    def read(self, area: str, slot: str) -> JSONObject | None:
        """The entry in ``slot``, or None when it is missing, unreadable (a FIFO or a device is
        not opened), unsigned or signed with another key, not JSON or of another format."""
        import hmac

        from deploylint.paths import read_regular

        key = self.key()
        if key is None:
            return None
        try:
            raw = read_regular(self._path(area, slot), _ENTRY_LIMIT)
            start = len(_SIGNED_HEAD) + 64
            n = start + len(_SIGNED_MID)
            if len(raw) > _ENTRY_LIMIT or len(raw) <= n or not raw.endswith(b"}"):
                return None
            if not raw.startswith(_SIGNED_HEAD) or raw[start:n] != _SIGNED_MID:
                return None
            body = raw[n:-1]
            if not hmac.compare_digest(raw[len(_SIGNED_HEAD) : start], _sign(key, body)):
                return None
            data: JSON = json.loads(body)
        except (OSError, ValueError, RecursionError):
            return None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None
        return data

    def write(self, area: str, slot: str, data: Mapping[str, JSONLike]) -> None:
        if not self._prepare():
            return
        key = self.key(create=True)
        if key is None:
            return
        data = {"format": FORMAT, **data}
        try:
            body = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
            signed = _SIGNED_HEAD + _sign(key, body) + _SIGNED_MID + body + b"}"
            self._write_bytes(self._path(area, slot), signed)
            self.writes += 1
        except (OSError, ValueError):
            pass

    @staticmethod
    def _write(path: Path, text: str) -> None:
        """Write ``text`` to a temporary file (0600) beside ``path``, then rename it over ``path``."""
        Cache._write_bytes(path, text.encode("utf-8"))

    @staticmethod
    def _write_bytes(path: Path, data: bytes) -> None:
        from deploylint.paths import replace_atomically

        replace_atomically(path, data, 0o600, prefix=".tmp-")


#: an entry on disk is ``{"mac":"<64 hex>","entry":<the entry's JSON>}``: still JSON, and the
#: signed bytes are exactly the entry's, so nothing is serialised twice
_SIGNED_HEAD = b'{"mac":"'
_SIGNED_MID = b'","entry":'
#: the largest entry read
_ENTRY_LIMIT = 64 * 1024 * 1024


def _sign(key: bytes, body: bytes) -> bytes:
    import hmac

    return hmac.new(key, body, hashlib.sha256).hexdigest().encode("ascii")


def entry_key(where: Path, create: bool) -> bytes | None:
    """The key in the file ``where``, made (32 random bytes, mode 0600) when there is none and
    ``create``; None when it can be neither read nor made."""
    import secrets

    from deploylint.paths import read_side_text

    for _ in range(2):
        try:
            text = read_side_text(where, 1024).strip()
            return text.encode("ascii") if len(text) == 64 else None
        except FileNotFoundError:
            if not create:
                return None
        except (OSError, ValueError):
            return None
        try:
            where.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
            fd = os.open(where, flags, 0o600)
        except FileExistsError:
            continue  # another run made it first: read that one
        except OSError:
            return None
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(secrets.token_hex(32) + "\n")
    return None


__all__ = [
    "DEFAULT_DIR",
    "ENV_VAR",
    "FORMAT",
    "BadEntry",
    "Cache",
    "comment",
    "comment_data",
    "digest",
    "finding",
    "finding_data",
    "findings",
    "is_project_root",
    "settings_fingerprint",
    "str_dict",
    "tool_fingerprint",
    "tree_fingerprint",
]


class Session:
    """One scan's use of the cache (made by :meth:`Cache.session`)."""

    def __init__(self, cache: Cache, engine: Engine, root: Path, paths: list[Path]) -> None:
        self.cache = cache
        self.engine = engine
        self.root = root
        #: the sources' digest until :meth:`begin` adds the rule packs the scan loaded
        self.base = sources_fingerprint(cache)
        self.tool = self.base
        skip = [cache.folder]
        self.paths = [p.as_posix() for p in paths]
        #: a run given a few files asks only about them: it records its questions to the file
        #: system instead of walking the whole tree (see :class:`Questions`)
        self.questions: Questions | None = None
        self._asked_before: dict[tuple[str, str], str] = {}
        self.scan: Tree | None = None
        if len(paths) <= FEW_FILES and all(p.is_file() for p in paths):
            self.tree = ""
        else:
            self.scan = scan_tree(root, skip)
            self.tree = self.scan.fingerprint
        self._fps: dict[int, str] = {}
        #: target path -> (slot, content digest, bytes) of the files looked up and not found
        self._pending: dict[Path, tuple[str, str, bytes]] = {}
        #: per-file part of the project entry's key, by relpath
        self._keys: dict[str, str] = {}
        #: this run's pack (every file entry of the last run with the same paths, and its project
        #: entry): one read instead of one per file; rewritten when anything in it changed
        self._slot = digest(self.base, str(root), *self.paths)
        self._pack: JSONObject = cache.read("runs", self._slot) or {}
        self._pack_files: Mapping[str, JSON] = {}
        if self.scan is None:
            self.tree = self._questions_hold() or digest("asked", str(time.time_ns()), str(os.getpid()), str(id(self)))
            self.questions = Questions(cache.folder)
            self.questions.start()
        self._used: dict[str, JSONLike] = {}
        self._changed = not self._pack
        self._discovery: JSONLike = None
        #: relpath -> entry of the file's deferred rules (see :meth:`deferred`)
        self._deferred: dict[str, JSONLike] = {}
        self._side: dict[str, JSONLike] = {}

    def _questions_hold(self) -> str | None:
        """The token of the last run's questions when every answer still holds, else None."""
        got = self._pack.get("questions")
        if not isinstance(got, dict) or not isinstance(got.get("token"), str):
            return None
        asked = got.get("asked")
        if not isinstance(asked, list):
            return None
        skip = str(self.cache.folder).rstrip("/") + "/"
        before: dict[tuple[str, str], str] = {}
        for q in asked:
            if not (isinstance(q, list) and len(q) == 3 and all(isinstance(x, str) for x in q)):
                return None
            op, path, said = q
            if answer(str(op), str(path), skip) != said:
                return None
            before[(str(op), str(path))] = str(said)
        self._asked_before = before
        return str(got["token"])

    def stop(self) -> None:
        """Stop recording questions (idempotent; the engine calls it whatever happens)."""
        if self.questions is not None:
            self.questions.stop()

    def begin(self) -> None:
        """The rules are loaded: the tool's fingerprint is complete, the files' entries usable."""
        self.tool = _with_packs(self.base, self.engine.registry)
        if self._pack.get("tool") != self.tool:
            self._pack = {k: v for k, v in self._pack.items() if k in ("side", "discovery")}
            self._changed = True
        got = self._pack.get("files")
        self._pack_files = got if isinstance(got, dict) else {}

    # -- discovery ------------------------------------------------------------------------------
    def _side_digest(self) -> str:
        """The contents of every side file (``.gitignore``, configs) in the tree, each hashed
        again only when its stat key changed (a symlinked one is always read again)."""
        known = self._pack.get("side")
        memo: Mapping[str, JSON] = known if isinstance(known, dict) else {}
        # a stat key is trusted only for a file last modified well before the walk that recorded
        # it: a file rewritten within the file system's timestamp granularity after that walk
        # (same size, same inode) would otherwise keep its old digest ("racy git")
        walked = memo.get("\0walked")
        trusted_before = walked - RACY_NS if type(walked) is int else 0
        parts = []
        scan = self.scan
        assert scan is not None
        for path in sorted(scan.side):
            st = scan.stats.get(path)
            key: list[JSONLike] = list(st) if st is not None else []
            got = memo.get(path)
            if (
                st is not None
                and st[1] < trusted_before
                and isinstance(got, list)
                and len(got) == 5
                and got[:4] == key
                and isinstance(got[4], str)
            ):
                d = got[4]
            else:
                try:
                    d = digest(_refs_bytes(Path(path)))
                except OSError:
                    d = "!"
            if st is not None:
                self._side[path] = [*key, d]
            parts.append(f"{path}\0{d}")
        if self._side != {k: v for k, v in memo.items() if k != "\0walked"}:
            self._changed = True
        return digest(*parts)

    def _discovery_key(self, settings: Settings, cwd: Path) -> str | None:
        """What discovery's result depends on, or None when it is not kept: a symlink in the
        tree (its target may lie outside it), a path given outside the root, or a cache folder
        inside the root that discovery does not pass over by name (it would list the entries)."""
        from deploylint.discovery import SKIP_DIRS
        from deploylint.paths import is_within

        if self.scan is None or self.scan.has_links:
            return None
        root = str(self.root)
        if not all(is_within(Path(os.path.abspath(p)), self.root) for p in self.paths):  # noqa: PTH100
            return None
        folder = str(self.cache.folder)
        if (folder + "/").startswith(root.rstrip("/") + "/") and self.cache.folder.name not in SKIP_DIRS:
            return None
        return digest(
            self.base, self.settings_fp(settings), root, str(cwd), self.tree, self._side_digest(), *self.paths
        )

    def discovery(self, settings: Settings, cwd: Path) -> Discovery | None:
        """The files a walk found last time, when nothing it depends on changed."""
        from deploylint.discovery import Discovery, PassedOver, Skipped, Target
        from deploylint.kinds import Kind

        key = self._discovery_key(settings, cwd)
        self._discovery_at = key
        got = self._pack.get("discovery")
        if key is None or not isinstance(got, dict) or got.get("key") != key:
            return None
        try:
            out = Discovery(cwd=cwd)
            for t in _list(got.get("targets")):
                t = _list(t)
                if len(t) != 5 or type(t[3]) is not bool or type(t[4]) is not bool:
                    raise BadEntry("target")
                kind = None if t[2] is None else Kind(_str(t[2]))
                out.targets.append(Target(Path(_str(t[0])), _str(t[1]), kind, t[3], t[4]))
            out.skipped = [Skipped(_str(a), _str(b)) for a, b in map(_pair, _list(got.get("skipped")))]
            out.passed_over = [PassedOver(_str(a), _str(b)) for a, b in map(_pair, _list(got.get("passed_over")))]
        except (BadEntry, ValueError):
            return None
        self._discovery = got
        return out

    _discovery_at: str | None = None

    def store_discovery(self, found: Discovery) -> None:
        if self._discovery_at is None:
            return
        self._changed = True
        self._discovery = {
            "key": self._discovery_at,
            "targets": [
                [str(t.path), t.display, None if t.kind is None else t.kind.value, t.explicit, t.confirm]
                for t in found.targets
            ],
            "skipped": [[s.display, s.reason] for s in found.skipped],
            "passed_over": [[s.display, s.reason] for s in found.passed_over],
        }

    def settings_fp(self, settings: Settings) -> str:
        got = self._fps.get(id(settings))
        if got is None:
            got = self._fps[id(settings)] = settings_fingerprint(settings)
        return got

    def relpath(self, target: Target) -> str:
        """``target``'s path relative to the root (as :func:`deploylint.paths.rel_to_root` gives
        it), without resolving it when the walk met no symlink and the path lies under the root."""
        if self.scan is not None and not self.scan.has_links:
            full = os.path.abspath(target.path)  # noqa: PTH100 - the walk's spelling
            prefix = str(self.root).rstrip("/") + "/"
            if full.startswith(prefix):
                return full[len(prefix) :]
        from deploylint.paths import rel_to_root

        try:
            return rel_to_root(target.path, self.root)
        except ValueError:
            return target.path.as_posix()

    def _read_target(self, target: Target, env: ParseEnv) -> bytes | None:
        from deploylint.engine import confined
        from deploylint.paths import read_regular

        limit = env.settings.max_file_size
        if self.scan is not None and not self.scan.has_links:
            full = os.path.abspath(target.path)  # noqa: PTH100 - the walk's spelling
            st = self.scan.stats.get(full)
            if st is not None:
                got = _read_walked(full, st, limit)
                if got is not None:
                    return got if len(got) <= limit else None
        try:
            real = confined(target.path, self.root)
            data = read_regular(real, env.settings.max_file_size, root=self.root)
        except OSError:
            return None
        return data if len(data) <= env.settings.max_file_size else None

    def lookup(self, target: Target, relpath: str, selection: Selection, env: ParseEnv) -> FileResult | None:
        """The cached result for ``target``, or None (then :meth:`store` is called with the result)."""
        data = self._read_target(target, env)
        if data is None:
            return None
        fp = self.settings_fp(env.settings)
        kind = self.engine.kind_override.value if self.engine.kind_override else ""
        slot = digest(self.tool, fp, relpath, target.display, kind, str(target.explicit))
        sha = digest(data)
        self.engine.preread[target.path] = data
        entry = self._pack_files.get(relpath)
        if not (isinstance(entry, dict) and entry.get("slot") == slot):
            entry = self.cache.read("files", slot)
            self._changed = True
        if entry is not None:
            try:
                got = self._restore(entry, target, relpath, sha, data, env)
            except BadEntry:
                got = None
            if got is not None:
                del self.engine.preread[target.path]
                self.cache.hits += 1
                self._keys[relpath] = digest(slot, sha, _str(entry["reads_key"]))
                self._used[relpath] = entry
                return got
        self.cache.misses += 1
        self._pending[target.path] = (slot, sha, data)
        self._changed = True
        return None

    def _restore(
        self, entry: JSONObject, target: Target, relpath: str, sha: str, data: bytes, env: ParseEnv
    ) -> FileResult | None:
        from deploylint.engine import Artifact, FileResult
        from deploylint.kinds import Kind
        from deploylint.models.base import Parsed
        from deploylint.source import DecodeError, decode

        if entry.get("tool") != self.tool or entry.get("sha") != sha or entry.get("tree") != self.tree:
            return None
        reads = str_dict(entry.get("reads"))
        if not self._reads_hold(reads, env):
            return None
        if not isinstance(entry.get("reads_key"), str):
            raise BadEntry("reads_key")
        res = entry.get("result")
        if not isinstance(res, dict):
            raise BadEntry("result")
        found = findings(res.get("findings"))
        deferred = [_str(x) for x in _list(res.get("deferred"))]
        passed_over = _opt_str(res.get("passed_over"))
        kind_name = _opt_str(res.get("kind"))
        if res.get("artifact") is not True:
            if res.get("artifact") is not False:
                raise BadEntry("artifact")
            return FileResult(None, found, deferred, passed_over=passed_over)
        try:
            kind = Kind(_str(kind_name))
        except ValueError:
            raise BadEntry("kind") from None
        try:
            text, enc = decode(data)
        except DecodeError:
            return None
        labels = str_dict(res.get("labels"))
        comments = [comment(c) for c in _list(res.get("comments"))]
        self.engine.registry.load([kind])
        src = self.engine.source_for(target, text, enc)
        art = Artifact(target.path, target.display, relpath, kind, src, Parsed(None, [], comments), target.explicit)
        art.labels.update(labels)
        return FileResult(art, found, deferred, lazy=True)

    def _reads_hold(self, reads: dict[str, str], env: ParseEnv) -> bool:
        return all(read_digest(env, Path(p)) == d for p, d in reads.items())

    def store(self, target: Target, relpath: str, res: FileResult) -> None:
        """Keep ``res`` for ``target`` when it is a result a later run may reuse."""
        pending = self._pending.pop(target.path, None)
        preread = self.engine.preread.pop(target.path, None)
        if pending is None or res.reads is None:
            return
        slot, sha, data = pending
        reads_key = digest(*(f"{p}\0{d}" for p, d in sorted(res.reads.items())))
        self._keys[relpath] = digest(slot, sha, reads_key)
        art = res.artifact
        if art is None:
            if preread is not None:  # the scan did not read the bytes looked up (a worker did)
                return
        elif art.source is None:
            return
        else:
            from deploylint.source import DecodeError, decode

            try:
                text, enc = decode(data)
            except DecodeError:
                return
            if self.engine.source_for(target, text, enc).text != art.source.text:
                return  # the file changed while it was scanned
        if not storable(res.findings):
            return
        result: dict[str, JSONLike] = {
            "artifact": art is not None,
            "kind": art.kind.value if art is not None else None,
            "labels": dict(art.labels) if art is not None else {},
            "passed_over": res.passed_over,
            "deferred": list(res.deferred),
            "findings": [finding_data(f) for f in res.findings],
            "comments": _comments_data(art.comments) if art is not None else [],
        }
        entry: dict[str, JSONLike] = {
            "slot": slot,
            "tool": self.tool,
            "sha": sha,
            "tree": self.tree,
            "reads": res.reads,
        }
        entry.update(reads_key=reads_key, result=result)
        self._used[relpath] = entry
        self.cache.write("files", slot, entry)

    # -- the project phase ------------------------------------------------------------------------
    def _project_key(self, artifacts: list[Artifact]) -> str | None:
        keys = []
        for a in sorted(artifacts, key=lambda a: (a.relpath, a.display)):
            k = self._keys.get(a.relpath)
            if k is None:
                return None
            keys.append(f"{a.relpath}\0{a.display}\0{a.kind.value}\0{k}")
        return digest(self.tool, self.tree, self.settings_fp(self.engine.settings), *keys)

    def project(self, artifacts: list[Artifact], env: ParseEnv) -> list[Finding] | None:
        """The project phase's findings of an earlier run over the same files, or None."""
        key = self._project_key(artifacts)
        entry = self._pack.get("project")
        if key is None or not isinstance(entry, dict) or entry.get("key") != key:
            self._changed = True
            return None
        try:
            if self._reads_hold(str_dict(entry.get("reads")), env):
                self._project = entry
                got = self._pack.get("deferred")
                if isinstance(got, dict):
                    self._deferred.update(got)
                return findings(entry.get("findings"))
        except BadEntry:
            pass
        self._changed = True
        return None

    _project: Mapping[str, JSONLike] | None = None

    def _deferred_key(self, art: Artifact) -> str | None:
        k = self._keys.get(art.relpath)
        if k is None:
            return None
        return digest(self.tool, self.tree, k, art.display, art.kind.value)

    def deferred(self, art: Artifact, env: ParseEnv) -> list[Finding] | None:
        """The findings of ``art``'s rules that waited for the project, from an earlier run,
        when they asked the project only about the file system (:mod:`deploylint.engine.watch`)
        and nothing they depend on changed: the file, the tree, the texts they read."""
        key = self._deferred_key(art)
        got = self._pack.get("deferred")
        entry = got.get(art.relpath) if isinstance(got, dict) else None
        if key is None or not isinstance(entry, dict) or entry.get("key") != key:
            return None
        try:
            if not self._reads_hold(str_dict(entry.get("reads")), env):
                return None
            found = findings(entry.get("findings"))
        except BadEntry:
            return None
        self._deferred[art.relpath] = entry
        self.cache.deferred_hits += 1
        return found

    def store_deferred(self, art: Artifact, found: list[Finding], reads: dict[str, str], own_file_only: bool) -> None:
        key = self._deferred_key(art)
        self._changed = True
        if key is None or not own_file_only or not storable(found):
            return
        self._deferred[art.relpath] = {"key": key, "reads": reads, "findings": [finding_data(f) for f in found]}

    def store_project(self, artifacts: list[Artifact], found: list[Finding], reads: dict[str, str]) -> None:
        key = self._project_key(artifacts)
        if key is not None and storable(found):
            self._project = {"key": key, "reads": reads, "findings": [finding_data(f) for f in found]}

    def close(self) -> None:
        """Write this run's pack when something in it changed."""
        self.stop()
        if self.questions is not None:
            asked = {**self._asked_before, **self.questions.asked}
            if asked != self._asked_before:
                self._changed = True
            self._pack["questions"] = {
                "token": self.tree,
                "asked": [[op, p, a] for (op, p), a in sorted(asked.items())],
            }
        if self._changed:
            pack: dict[str, JSONLike] = {"tool": self.tool, "files": self._used}
            if self.scan is not None:
                pack["side"] = {**self._side, "\0walked": self.scan.started}
            if self._discovery is not None:
                pack["discovery"] = self._discovery
            pack["deferred"] = self._deferred
            if "questions" in self._pack:
                pack["questions"] = self._pack["questions"]
            if self._project is not None:
                pack["project"] = self._project
            self.cache.write("runs", self._slot, pack)


def _read_walked(path: str, st: tuple[int, int, int, int], limit: int) -> bytes | None:
    """At most ``limit + 1`` bytes of the file the tree walk met at ``path`` (no symlink anywhere
    in the tree), or None when what opens there now is not that file (a folder swapped for a
    link since, another inode): the caller then reads it the confined way.

    The file is opened without following a link or blocking and checked on the descriptor:
    a regular file with the inode and device the walk saw is that file, wherever a link may
    have been swapped in since, so the root-confinement of :func:`deploylint.engine.confined`
    holds without resolving every folder on the path."""
    import stat

    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        now = os.fstat(fd)
        if not stat.S_ISREG(now.st_mode) or (now.st_ino, now.st_dev) != (st[2], st[3]):
            return None
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


def storable(found: list[Finding]) -> bool:
    """A result is kept unless it holds an internal error or a budget overrun (both may not repeat)."""
    return not any(f.rule_id == "CORE001" or "per-file budget" in f.message for f in found)


def read_digest(env: ParseEnv, path: Path) -> str:
    """What reading ``path`` through ``env`` gives, as recorded in an entry's ``reads``."""
    from deploylint.parsers import Refused

    try:
        return digest(env.read(path).text)
    except (Refused, OSError):
        return "!"


# -- what a scan of a few named files asked the file system ---------------------------------------
#: a run given at most this many files (no folder) records its file-system questions instead of
#: walking the whole tree (a pre-commit run); such a run never starts workers (parallel.MIN_FILES)
FEW_FILES = 64


def _kind_of(st: os.stat_result) -> str:
    """The type of what is at a path (a regular file's text is the business of its entry's
    content digest, not of the question whether it exists)."""
    import stat

    return f"{stat.S_IFMT(st.st_mode):o}"


class Questions:
    """Records, while it is active, every path the process asks the file system about (``stat``,
    ``lstat``, listings, ``readlink``, opening a file) with the answer it got, so that a later
    run can tell whether every answer still holds without walking the tree.

    The answer of a listing is every entry's name, type and link target, taken when it was
    asked; a ``stat`` answer is the type or the error. Paths under
    ``skip`` (the cache itself) are not recorded. The module functions of :mod:`os` (which
    :mod:`pathlib`, :mod:`os.path`, ``open`` and :func:`os.walk` go through) are wrapped for as
    long as the recorder is active, in this process only."""

    _NAMES = ("stat", "lstat", "scandir", "listdir", "readlink", "open")

    def __init__(self, skip: Path) -> None:
        self.skip = str(skip).rstrip("/") + "/"
        self.asked: dict[tuple[str, str], str] = {}
        self._saved: dict[str, object] = {}
        self._saved_open: object = None

    def _key(self, path: object) -> str | None:
        if not isinstance(path, str | bytes | os.PathLike):  # a descriptor: asked when it was opened
            return None
        try:
            text = os.fsdecode(os.fspath(path))
        except TypeError:
            return None
        full = os.path.abspath(text)  # noqa: PTH100
        if (full + "/").startswith(self.skip):
            return None
        return full

    def start(self) -> None:
        import builtins

        real: dict[str, Callable[..., Any]] = {}  # Any: each os function wrapped has its own types
        real.update((n, getattr(os, n)) for n in self._NAMES)
        self._saved = dict(real)
        asked = self.asked
        key_of = self._key

        def stat_like(name: str) -> object:
            fn = real[name]

            def wrapped(path: object, *a: object, **kw: object) -> object:
                k = key_of(path) if not a and kw.get("dir_fd") is None else None
                op = "l" if name == "lstat" or kw.get("follow_symlinks") is False else "s"
                try:
                    st = fn(path, *a, **kw)
                except OSError as exc:
                    if k is not None:
                        asked.setdefault((op, k), f"!{exc.errno}")
                    raise
                if k is not None:
                    asked.setdefault((op, k), _kind_of(st))
                return st

            return wrapped

        def listing(name: str) -> object:
            fn = real[name]

            def wrapped(path: object = ".", *a: object, **kw: object) -> object:
                k = key_of(path)
                if k is not None and ("d", k) not in asked:
                    asked[("d", k)] = _listing(k, self.skip)
                return fn(path, *a, **kw)

            return wrapped

        def readlink(path: object, *a: object, **kw: object) -> object:
            k = key_of(path) if not a and not kw else None
            if k is not None:
                asked.setdefault(("r", k), _link_answer(k))
            return real["readlink"](path, *a, **kw)

        def opener(path: object, *a: object, **kw: object) -> object:
            k = key_of(path) if not kw.get("dir_fd") else None
            if k is not None:
                asked.setdefault(("s", k), _stat_answer(k))
            return real["open"](path, *a, **kw)

        os.stat = stat_like("stat")  # type: ignore[assignment]
        os.lstat = stat_like("lstat")  # type: ignore[assignment]
        os.scandir = listing("scandir")  # type: ignore[assignment]
        os.listdir = listing("listdir")  # type: ignore[assignment]
        os.readlink = readlink  # type: ignore[assignment]
        os.open = opener  # type: ignore[assignment]
        real_open = self._saved_open = builtins.open

        def builtin_open(file: object, *a: object, **kw: object) -> object:
            k = key_of(file)
            if k is not None:
                asked.setdefault(("s", k), _stat_answer(k))
            return real_open(file, *a, **kw)  # type: ignore[call-overload]

        builtins.open = builtin_open  # type: ignore[assignment]
        import io

        io.open = builtin_open  # type: ignore[assignment]

    def stop(self) -> None:
        import builtins
        import io

        for name, fn in self._saved.items():
            setattr(os, name, fn)
        if self._saved_open is not None:
            builtins.open = self._saved_open  # type: ignore[assignment]
            io.open = self._saved_open  # type: ignore[assignment]
        self._saved = {}
        self._saved_open = None


def _stat_answer(path: str, follow: bool = True) -> str:
    try:
        return _kind_of(_REAL_STAT(path) if follow else _REAL_LSTAT(path))
    except OSError as exc:
        return f"!{exc.errno}"


def _link_answer(path: str) -> str:
    try:
        return "l" + _REAL_READLINK(path)
    except OSError as exc:
        return f"!{exc.errno}"


def _listing(path: str, skip: str) -> str:
    """A folder's entries (name, type without following links; a link's target and what is
    there), sorted."""
    try:
        names = sorted(_REAL_LISTDIR(path))
    except OSError as exc:
        return f"!{exc.errno}"
    out = []
    for name in names:
        full = os.path.join(path, name)  # noqa: PTH118
        if (full + "/").startswith(skip):
            continue
        what = _stat_answer(full, follow=False)
        if what.startswith("120000"):  # S_IFLNK: where it leads, and what is there
            what += _link_answer(full) + "\0" + _stat_answer(full)
        out.append(f"{name}\0{what}")
    return digest(*out)


def answer(op: str, path: str, skip: str) -> str:
    """What asking ``op`` about ``path`` gives now (as :class:`Questions` records it)."""
    if op == "d":
        return _listing(path, skip)
    if op == "r":
        return _link_answer(path)
    return _stat_answer(path, follow=op != "l")


_REAL_STAT = os.stat
_REAL_LSTAT = os.lstat
_REAL_LISTDIR = os.listdir
_REAL_READLINK = os.readlink
