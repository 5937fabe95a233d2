"""Path resolution cached for one scan.

``Path.resolve()`` walks every component with ``lstat``; a scan resolves the same folders thousands
of times (confinement of each read, project links, repository roots). :func:`resolve` resolves a
folder once and then only checks whether the last component is a symlink. The engine clears the
cache when a scan starts, so a long-lived process (an editor integration) sees renamed folders.
"""

from __future__ import annotations

import os
from pathlib import Path

_folders: dict[Path, Path] = {}
_done: dict[Path, Path] = {}


def resolve(path: Path) -> Path:
    """``path.resolve()`` (non-strict), cached, with the parent folder's resolution shared."""
    out = _done.get(path)
    if out is not None:
        return out
    name = path.name
    if name in ("", ".", ".."):
        out = path.resolve()
    else:
        parent = path.parent
        folder = _folders.get(parent)
        if folder is None:
            folder = _folders[parent] = parent.resolve()
        out = folder / name
        if out.is_symlink():
            out = out.resolve()
    _done[path] = out
    return out


def clear_cache() -> None:
    _folders.clear()
    _done.clear()


def rel_to_root(path: Path, root: Path) -> str:
    """``path`` relative to the scan root, with forward slashes (as given when it is outside)."""
    try:
        return resolve(path).relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def shown_path(path: Path, cwd: Path) -> str:
    """``path`` as the output shows it: relative to ``cwd`` when possible, with forward slashes."""
    try:
        rel = os.path.relpath(path, cwd)
    except ValueError:
        return path.as_posix()
    return Path(rel).as_posix()
