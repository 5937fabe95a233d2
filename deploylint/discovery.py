"""Find the files to lint and classify them by kind.

Walks folders in sorted order (so results never depend on the file system's order), skips VCS,
dependency and vendored folders and whatever ``.gitignore`` files ignore, and never follows a
symlink out of the scanned root. Files named explicitly are always linted.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import field
from pathlib import Path, PurePosixPath
from typing import Any

from deploylint.kinds import Kind, classify, sniff_json
from deploylint.paths import resolve
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
        ".pytest_cache",
    }
)

ROOT_MARKERS = (".git", ".deploylint.toml", ".deploylint.yaml", ".deploylint.yml")


@record
class Target:
    path: Path  # as it will be opened
    display: str  # how reports name it
    kind: Kind | None  # None: explicit file whose kind is decided by sniffing
    explicit: bool = False


@record
class Skipped:
    """A path deliberately not read (reported as a CORE finding)."""

    display: str
    reason: str


@record(frozen=False, slots=False)
class Discovery:
    targets: list[Target] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    cwd: Path = field(default_factory=Path.cwd)  # read once: display paths are relative to it


def display_path(path: Path, cwd: Path | None = None) -> str:
    """Path relative to the working directory when possible, with forward slashes."""
    cwd = cwd or Path.cwd()
    try:
        rel = os.path.relpath(path, cwd)
    except ValueError:
        return path.as_posix()
    return PurePosixPath(Path(rel).as_posix()).as_posix()


def find_root(path: Path) -> Path:
    """The project root for ``path``: the nearest folder above it with .git or a deploylint config.

    Falls back to the path itself (a folder) or its parent (a file).
    """
    p = resolve(path)
    start = p if p.is_dir() else p.parent
    for folder in (start, *start.parents):
        if any((folder / m).exists() for m in ROOT_MARKERS):
            return folder
    return start


def is_within(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def _gitignore_matcher(folder: Path) -> Callable[[str, bool], bool] | None:
    gi = folder / ".gitignore"
    try:
        lines = gi.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    lines = [ln for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines:
        return None
    import pathspec

    spec: Any = pathspec.GitIgnoreSpec.from_lines(lines)

    def match(rel: str, is_dir: bool) -> bool:
        return bool(spec.match_file(rel + "/" if is_dir else rel))

    return match


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
            rel = _rel(given, root)
            kind = settings.kind_for(rel) or classify(PurePosixPath(rel))
            out.targets.append(Target(given, display_path(given), kind, explicit=True))
    return out


def content_kind(path: Path, settings: Settings) -> Kind | None:
    """The kind of a file whose name says nothing, from its content (``*.json``: ECS definitions)."""
    try:
        if path.stat().st_size > settings.max_file_size:
            return None
        with path.open("rb") as fh:
            data = fh.read()
    except OSError:
        return None
    if b"containerDefinitions" not in data and b"serviceName" not in data:
        return None
    return sniff_json(data.decode("utf-8", errors="replace"))


def _rel(path: Path, root: Path) -> str:
    try:
        return resolve(path).relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


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
        for part in ("", *chain):
            folder = folder / part if part else folder
            m = _gitignore_matcher(folder)
            if m is not None:
                ignore_stack.append((folder, m))
    try:
        top_rel: str | None = resolve(top).relative_to(root).as_posix()
    except ValueError:
        top_rel = None
    yield from _walk_dir(top, settings, root, out, ignore_stack, "" if top_rel == "." else top_rel)


def _ignored(path: Path, is_dir: bool, stack: list[tuple[Path, Callable[[str, bool], bool]]]) -> bool:
    resolved = path.absolute()
    for base, match in stack:
        try:
            rel = resolved.relative_to(base.absolute()).as_posix()
        except ValueError:
            continue
        if match(rel, is_dir):
            return True
    return False


def _walk_dir(
    folder: Path,
    settings: Settings,
    root: Path,
    out: Discovery,
    stack: list[tuple[Path, Callable[[str, bool], bool]]],
    rel_dir: str | None,
) -> Iterator[Target]:
    """Targets under ``folder``; ``rel_dir`` is its path relative to the root (None: not inside)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        out.skipped.append(Skipped(display_path(folder), f"cannot list folder: {exc.strerror}"))
        return
    pushed = False
    if settings.respect_gitignore and any(e.name == ".gitignore" for e in entries):
        m = _gitignore_matcher(folder)
        if m is not None and all(b != folder for b, _ in stack):
            stack.append((folder, m))
            pushed = True
    for entry in entries:
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
        plain = not is_link and rel_dir is not None
        rel = (f"{rel_dir}/{entry.name}" if rel_dir else entry.name) if plain else _rel(path, root)
        if is_dir:
            if entry.name in SKIP_DIRS or settings.excluded(rel + "/") or settings.excluded(rel):
                continue
            if settings.respect_gitignore and _ignored(path, True, stack):
                continue
            yield from _walk_dir(path, settings, root, out, stack, None if rel_dir is None else rel)
            continue
        if settings.excluded(rel):
            continue
        kind = settings.kind_for(rel) or classify(PurePosixPath(rel))
        if kind is None and entry.name.endswith((".json", ".JSON")):
            kind = content_kind(path, settings)
        if kind is None:
            continue
        if settings.respect_gitignore and _ignored(path, False, stack):
            continue
        yield Target(path, display_path(path, out.cwd), kind)
    if pushed:
        stack.pop()
