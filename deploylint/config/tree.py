"""Nested configs: every file is checked with the config closest to it, wherever the scan starts.

As in ruff, the closest config wins: a file uses the nearest deploylint config (``.deploylint.yaml``,
``.deploylint.toml``, ``pyproject.toml`` with ``[tool.deploylint]``) and the nearest ``.hadolint.yaml``
found walking up from its folder to the repository root, exactly what ``deploylint check <file>``
would use. A nested config replaces its parent's; it does not extend it. The command line applies
over every one of them.

Lookups are cached per folder (one listing per folder, once per scan), and each
distinct pair of files is loaded once.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import field
from pathlib import Path

from deploylint.paths import shown_path
from deploylint.records import record
from deploylint.settings import Overrides, Settings


@record(frozen=False, slots=False)
class ConfigTree:
    """The settings of every folder of one scan."""

    overrides: Overrides = field(default_factory=Overrides)
    #: the scan root (set by the engine) and the working folder, for the paths patterns match
    root: Path | None = None
    cwd: Path = field(default_factory=Path.cwd)
    #: folder -> (deploylint config, .hadolint.yaml) that apply to it
    found_at: dict[Path, tuple[Path | None, Path | None]] = field(default_factory=dict)
    loaded: dict[tuple[Path | None, Path | None], Settings] = field(default_factory=dict)
    bases: dict[Path, str] = field(default_factory=dict)
    #: (root, folder relative to it) -> its settings: :meth:`for_path` is asked once per file and
    #: rule family, and built a Path and walked the lookup each time
    by_folder: dict[tuple[Path, str], Settings] = field(default_factory=dict, compare=False, repr=False)

    def for_folder(self, folder: Path) -> Settings:
        """The settings of the files in ``folder`` (an absolute, resolved path)."""
        key = self._lookup(folder)
        got = self.loaded.get(key)
        if got is None:
            from deploylint.config.loader import settings_from

            got = settings_from(*key)
            self.overrides.apply(got)
            got.tree = self
            self.loaded[key] = got
        return got

    def for_path(self, relpath: str) -> Settings:
        """The settings of the file (or folder) at ``relpath``, relative to the scan root."""
        root = self.root
        assert root is not None, "the engine sets the root before asking"
        parent = posixpath.dirname(relpath.rstrip("/"))
        key = (root, parent)
        got = self.by_folder.get(key)
        if got is None:
            # an answer never changes within a scan: found_at and loaded are filled once per key
            got = self.by_folder[key] = self.for_folder(root / parent if parent else root)
        return got

    def adopt(self, settings: Settings, folder: Path) -> None:
        """Use ``settings`` (already loaded, overrides applied) for ``folder``'s configs."""
        settings.tree = self
        self.loaded.setdefault(self._lookup(folder), settings)

    def _lookup(self, folder: Path) -> tuple[Path | None, Path | None]:
        """The nearest config and .hadolint.yaml for ``folder`` (each from the folder itself or
        the nearest folder above that has one, not above a ``.git`` folder). Iterative: a walk up
        the folders, then the answers filled in on the way down (one recursion per folder level
        ran out of stack for an explicit path 1,100 folders deep: a traceback, no report)."""
        from deploylint.config.hadolint import NAMES, hadolint_in
        from deploylint.config.loader import CONFIG_NAMES, config_in

        found_at = self.found_at
        pending: list[tuple[Path, Path | None, Path | None]] = []
        above: tuple[Path | None, Path | None] = (None, None)
        at = folder
        while True:
            got = found_at.get(at)
            if got is not None:
                above = got
                break
            # one listing per folder instead of a stat per config name: most folders hold none
            try:
                names = set(os.listdir(at))  # noqa: PTH208 - names only; iterdir builds a Path each
            except OSError:
                names = set()
            config = config_in(at) if names.intersection(CONFIG_NAMES) else None
            hadolint = hadolint_in(at) if names.intersection(NAMES) else None
            pending.append((at, config, hadolint))
            if (config is not None and hadolint is not None) or at.parent == at or ".git" in names:
                break
            at = at.parent
        for at, config, hadolint in reversed(pending):
            above = found_at[at] = (config or above[0], hadolint or above[1])
        return above

    def rebase(self, relpath: str, base: Path) -> str | None:
        """``relpath`` (relative to the root) relative to ``base``; None when it is not under it."""
        root = self.root
        assert root is not None
        prefix = self.bases.get(base)
        if prefix is None:
            prefix = self.bases[base] = shown_path(base, root)
        if prefix == ".":
            return relpath
        if prefix == ".." or prefix.startswith("../"):  # the config is above the root
            return posixpath.normpath(posixpath.join(shown_path(root, base), relpath))
        if relpath.startswith(prefix + "/"):
            return relpath[len(prefix) + 1 :]
        return None

    def shown(self, relpath: str) -> str:
        """``relpath`` (relative to the root) as the output shows it (relative to the working folder)."""
        assert self.root is not None
        out = shown_path(self.root / relpath, self.cwd)
        return out + "/" if relpath.endswith("/") else out
