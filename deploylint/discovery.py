"""Find the files to lint and classify them by kind.

Walks folders in sorted order (so results never depend on the file system's order), skips VCS,
dependency and vendored folders and whatever ``.gitignore`` files ignore, and never follows a
symlink out of the scanned root. Files named explicitly are always linted.

What is passed over on purpose is kept with its reason (``Discovery.passed_over``, shown by
``--verbose``): excluded by config, ignored by ``.gitignore``, a dependency or vendored folder, a
template source. Files whose name is no artifact's are not listed, except YAML and ``.conf``
files, which become content candidates (``Target.confirm``) that the engine decides on after its
one read of the text.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import field
from pathlib import Path, PurePosixPath

from deploylint.gitignore import GitIgnore
from deploylint.kinds import Kind, candidate, canonical_name, classify, template_of
from deploylint.paths import is_within, read_side_text, rel_to_root, resolve, shown_path
from deploylint.records import record
from deploylint.settings import Settings

SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        "bower_components",
        "vendor",
        "third_party",
        "third-party",
        ".venv",
        "venv",
        "__pycache__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".ruff_cache",
        ".deploylint_cache",
        ".pytest_cache",
    }
)

#: skipped folders named in ``--verbose`` (VCS and cache folders are skipped silently)
_VENDORED = frozenset({"node_modules", "bower_components", "vendor", "third_party", "third-party", ".venv", "venv"})

ROOT_MARKERS = (".git", ".deploylint.toml", ".deploylint.yaml", ".deploylint.yml")


@record
class Target:
    path: Path  # as it will be opened
    display: str  # how reports name it
    kind: Kind | None  # None: explicit file whose kind is decided by sniffing
    explicit: bool = False
    #: the name suggests ``kind`` without proving it: the engine confirms it from the text
    #: (``kinds.confirm``) and passes the file over when it does not fit
    confirm: bool = False


@record
class Skipped:
    """A path deliberately not read (reported as a CORE finding)."""

    display: str
    reason: str


@record
class PassedOver:
    """A file or folder not linted on purpose, and why (listed by ``--verbose``; not a finding)."""

    display: str
    reason: str


@record(frozen=False, slots=False)
class Discovery:
    targets: list[Target] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    passed_over: list[PassedOver] = field(default_factory=list)
    cwd: Path = field(default_factory=Path.cwd)  # read once: display paths are relative to it


def display_path(path: Path, cwd: Path | None = None) -> str:
    """Path relative to the working directory when possible, with forward slashes."""
    return shown_path(path, cwd or Path.cwd())


def find_root(path: Path) -> Path:
    """The project root for ``path``: the nearest folder above it holding .git; without one, the
    topmost folder above it holding a deploylint config (a nested config never moves the root, so
    the root does not depend on where the scan starts).

    Falls back to the path itself (a folder) or its parent (a file).
    """
    # the folder the path is in as given: a file that is a symlink does not move the root to
    # wherever it points (pre-commit passes each file by name), and neither does a symlinked
    # folder on the way: the folders are looked at as written (a link among them is passed
    # over), so ``check linked/Dockerfile`` in a repository finds the repository, where its
    # ``linked`` -> outside is refused like discovery refuses it
    p = Path(os.path.abspath(path))  # noqa: PTH100 - absolute without resolving the last link
    here = p if p.is_dir() and not p.is_symlink() else p.parent
    for folder in (here, *here.parents):
        if not folder.is_symlink() and (folder / ".git").exists():
            return resolve(folder)
    # no repository as written (a repository reached through a link of its own, or none)
    start = resolve(p) if p.is_dir() else resolve(p.parent)
    config_root: Path | None = None
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
        if any((folder / m).exists() for m in ROOT_MARKERS[1:]):
            config_root = folder
    return config_root or start


def leaves_root(path: Path, root: Path) -> bool:
    """A symlink on ``path`` (as written, relative to the working folder) lives inside ``root``
    and points out of it (or nowhere): discovery would not follow it, so an explicit path
    through it is not followed either. Links outside the root (a symlinked home folder above
    the repository) do not count. One ``lstat`` per component, ``..`` taken after the links
    before it, as the system takes it."""
    real = Path(os.path.abspath(os.sep))  # noqa: PTH100 - the file-system root
    full = path if path.is_absolute() else Path.cwd() / path
    for part in full.parts[1:]:
        if part in ("", "."):
            continue
        if part == "..":
            real = real.parent
            continue
        nxt = real / part
        if nxt.is_symlink():
            target = _safe_resolve(nxt)
            if is_within(real, root) and (target is None or not is_within(target, root)):
                return True
            real = target if target is not None else nxt
        else:
            real = nxt
    return False


def _gitignore_matcher(folder: Path, within: str | None = None) -> Callable[[str, bool], bool] | None:
    """How the .gitignore in ``folder`` ignores a path relative to it, or None without one.

    ``within``: the walk starts in this folder below ``folder`` (``a/b``), so its parent folders
    were not walked past and are checked here once; when they are ignored, so is all below."""
    try:
        # a FIFO, a device or /dev/zero named .gitignore would block or fill memory: read_side_text
        text = read_side_text((folder / ".gitignore").resolve(), errors="surrogateescape")
    except OSError:
        return None
    gi = GitIgnore.from_text(text)
    if not gi:
        return None
    if within and gi.ignored_with_parents(within, True):
        return _everything
    return gi.ignored


def _everything(rel: str, is_dir: bool) -> bool:
    return True


def discover(paths: list[Path], settings: Settings, root: Path) -> Discovery:
    out = Discovery()
    seen: set[Path] = set()
    for given in paths:
        if given.is_symlink() or not given.exists():
            resolved = _safe_resolve(given)
            if resolved is None:
                out.skipped.append(Skipped(display_path(given), "symlink loop or unresolvable link; not followed"))
                continue
            if not given.exists():
                out.skipped.append(Skipped(display_path(given), "path does not exist"))
                continue
            if not is_within(resolved, root):
                out.skipped.append(
                    Skipped(display_path(given), "symlink points outside the scanned root; not followed")
                )
                continue
        elif leaves_root(given, root):
            out.skipped.append(
                Skipped(
                    display_path(given), "a symlinked folder on this path points outside the scanned root; not followed"
                )
            )
            continue
        if given.is_dir():
            for target in _walk(given, settings, root, out):
                key = resolve(target.path)
                if key not in seen:
                    seen.add(key)
                    out.targets.append(target)
        else:
            key = resolve(given)
            if key in seen:
                continue
            seen.add(key)
            kind, confirm = _kind_by_name(PurePosixPath(_rel(given, root)), settings)
            out.targets.append(Target(given, display_path(given), kind, explicit=True, confirm=confirm))
    return out


_rel = rel_to_root


def _safe_resolve(path: Path) -> Path | None:
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None


def _is_loop(path: Path) -> bool:
    try:
        path.resolve(strict=True)
    except RuntimeError:
        return True
    except OSError as exc:
        return exc.errno == 40  # ELOOP
    return False


def _walk(top: Path, settings: Settings, root: Path, out: Discovery) -> Iterator[Target]:
    ignore_stack: list[tuple[Path, Callable[[str, bool], bool]]] = []
    if settings.respect_gitignore:
        # .gitignore files between the root and the starting folder apply too
        try:
            chain = resolve(top).relative_to(root).parts
        except ValueError:
            chain = ()
        folder = root
        for depth, part in enumerate(("", *chain)):
            folder = folder / part if part else folder
            m = _gitignore_matcher(folder, "/".join(chain[depth:]))
            if m is not None:
                ignore_stack.append((folder.absolute(), m))
    try:
        top_rel: str | None = resolve(top).relative_to(root).as_posix()
    except ValueError:
        top_rel = None
    yield from _walk_dir(top, settings, root, out, ignore_stack, "" if top_rel == "." else top_rel)


def _ignored(path: Path, is_dir: bool, stack: list[tuple[Path, Callable[[str, bool], bool]]]) -> bool:
    """Whether a .gitignore on the stack (each held as an absolute folder) ignores ``path``.

    The path relative to each folder is a slice of one string: ``Path.relative_to`` per folder
    and entry made a tree with a .gitignore on each of its 1,000 levels cubic in the depth."""
    full = os.fspath(path.absolute())
    for base, match in stack:
        prefix = os.fspath(base)
        if not full.startswith(prefix):
            continue
        if len(full) == len(prefix):
            rel = "."
        elif prefix.endswith(os.sep):
            rel = full[len(prefix) :]
        elif full[len(prefix)] == os.sep:
            rel = full[len(prefix) + 1 :]
        else:
            continue
        if match(rel.replace(os.sep, "/"), is_dir):
            return True
    return False


@record
class _Folder:
    """A folder being walked: its remaining entries, its path from the root, its .gitignore."""

    entries: Iterator[os.DirEntry[str]]
    rel_dir: str | None
    pushed: bool


def _open_folder(
    folder: Path,
    settings: Settings,
    out: Discovery,
    stack: list[tuple[Path, Callable[[str, bool], bool]]],
    rel_dir: str | None,
) -> _Folder | None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        out.skipped.append(Skipped(display_path(folder), f"cannot list folder: {exc.strerror}"))
        return None
    pushed = False
    base = folder.absolute()
    if settings.respect_gitignore and any(e.name == ".gitignore" for e in entries) and all(b != base for b, _ in stack):
        m = _gitignore_matcher(folder)
        if m is not None:
            stack.append((base, m))
            pushed = True
    return _Folder(iter(entries), rel_dir, pushed)


def _walk_dir(
    top: Path,
    settings: Settings,
    root: Path,
    out: Discovery,
    stack: list[tuple[Path, Callable[[str, bool], bool]]],
    rel_dir: str | None,
) -> Iterator[Target]:
    """Targets under ``top``, depth first in name order; ``rel_dir`` is its path relative to the
    root (None: not inside). An explicit stack of open folders, not a call per level: a tree
    1,000 folders deep must not exhaust the Python stack (nor cost a generator hop per level
    for every file found)."""
    first = _open_folder(top, settings, out, stack, rel_dir)
    folders = [first] if first is not None else []
    while folders:
        current = folders[-1]
        entry = next(current.entries, None)
        if entry is None:
            folders.pop()
            if current.pushed:
                stack.pop()
            continue
        path = Path(entry.path)
        is_link = entry.is_symlink()
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_link:
            resolved = _safe_resolve(path)
            if resolved is None:
                if _is_loop(path):
                    out.skipped.append(Skipped(display_path(path), "symlink loop; not followed"))
                elif classify(PurePosixPath(entry.name)) is not None:
                    out.skipped.append(Skipped(display_path(path), "broken symlink; not followed"))
                continue
            if not is_within(resolved, root):
                if is_dir or classify(PurePosixPath(entry.name)) is not None:
                    out.skipped.append(
                        Skipped(display_path(path), "symlink points outside the scanned root; not followed")
                    )
                continue
            if is_dir:
                continue  # its target inside the root is scanned on its own
        # a plain entry of a folder inside the root needs no resolving
        here = current.rel_dir
        plain = not is_link and here is not None
        rel = (f"{here}/{entry.name}" if here else entry.name) if plain else _rel(path, root)
        if is_dir:
            why = _skip_dir(entry.name, rel, path, settings, stack)
            if why is not None:
                if why:
                    out.passed_over.append(PassedOver(display_path(path, out.cwd) + "/", why))
                continue
            sub = _open_folder(path, settings, out, stack, None if here is None else rel)
            if sub is not None:
                folders.append(sub)
            continue
        target = _file_target(path, rel, settings, stack, out)
        if target is not None:
            yield target


def _skip_dir(
    name: str, rel: str, path: Path, settings: Settings, stack: list[tuple[Path, Callable[[str, bool], bool]]]
) -> str | None:
    """Why a folder is not walked ("" when not worth naming), or None to walk it."""
    if name in SKIP_DIRS:
        return "dependency or vendored folder" if name in _VENDORED else ""
    if settings.excluded(rel + "/") or settings.excluded(rel):
        return "excluded by config"
    if settings.respect_gitignore and _ignored(path, True, stack):
        return "ignored by .gitignore"
    if "{{" in name or "{%" in name:
        return "template folder (cookiecutter or Jinja name)"
    return None


def _kind_by_name(rel: PurePosixPath, settings: Settings) -> tuple[Kind | None, bool]:
    """The kind of a file by config or name, and whether its text must confirm it."""
    forced = settings.kind_for(rel.as_posix())
    if forced is not None:
        return forced, False
    kind = classify(rel)
    return kind, kind is not None and not canonical_name(rel, kind)


def _artifact_template(rel: PurePosixPath) -> bool:
    """A template whose rendered name is an artifact's (``Dockerfile.template``, ``nginx.conf.j2``):
    worth naming in ``--verbose``; other templates (``page.tmpl``) are not."""
    if template_of(rel) is None:
        return False
    rendered = rel.with_name(rel.name.rsplit(".", 1)[0])
    return classify(rendered) is not None or candidate(rendered) is not None


def _file_target(
    path: Path,
    rel: str,
    settings: Settings,
    stack: list[tuple[Path, Callable[[str, bool], bool]]],
    out: Discovery,
) -> Target | None:
    """The target for a file met while walking, or None (recording why when its name has a kind)."""
    pure = PurePosixPath(rel)
    kind, confirm = _kind_by_name(pure, settings)
    if kind is None:
        kind = candidate(pure)
        confirm = kind is not None
    why: str | None = None
    if settings.excluded(rel):
        why = "excluded by config"
    elif kind is not None and settings.respect_gitignore and _ignored(path, False, stack):
        why = "ignored by .gitignore"
    elif kind is None:
        why = template_of(pure)
    if why is not None:
        if kind is not None or _artifact_template(pure):
            out.passed_over.append(PassedOver(display_path(path, out.cwd), why))
        return None
    if kind is None:
        return None
    return Target(path, display_path(path, out.cwd), kind, confirm=confirm)
