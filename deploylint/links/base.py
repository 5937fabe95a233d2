"""The linker's core: the scanned files by path, models read on demand under the root, the
compose files of a folder and the folders above it, and cached file-system answers.

Every mixin of :class:`~deploylint.links.project.LinkedProject` (builds, nginx, workflows, .env
files) is a :class:`LinkerBase`. Files a link needs that were not scanned (the Dockerfile a compose
service builds, the compose file above a Dockerfile passed alone by pre-commit) are read on demand
through the root-confined :class:`~deploylint.parsers.ParseEnv`: nothing outside the root is read.
"""

from __future__ import annotations

import bisect
import importlib
import os
import posixpath
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, cast

from deploylint.kinds import PARSER_MODULE, Kind, classify
from deploylint.models.project import ComposeService, DockerfileRef, Project, ServiceBuild, Unresolved
from deploylint.parsers import ParseEnv, Refused
from deploylint.paths import resolve

if TYPE_CHECKING:
    from deploylint.engine import Artifact
    from deploylint.models.compose import ComposeFile
    from deploylint.models.dockerfile import Dockerfile

#: the names ``docker compose`` looks for in a folder
COMPOSE_NAMES = ("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml")


def is_expr(text: str) -> bool:
    """A path or value written with an expression or a variable (never guessed)."""
    return "${{" in text or "$" in text


class LinkerBase(Project):
    """The scan's files and the root-confined reader, shared by every link mixin."""

    def __init__(self, artifacts: list[Artifact], root: Path, env: ParseEnv) -> None:
        self.root = root
        self.env: ParseEnv = env
        self.artifacts: list[Artifact] = artifacts
        self._by_path: dict[Path, Artifact] = {}
        for a in artifacts:
            try:
                self._by_path[resolve(a.path)] = a
            except OSError:
                continue
        self._parsed: dict[tuple[Path, Kind], object] = {}
        self._repo_roots: dict[Path, Path] = {}
        self._file_above: dict[tuple[Path, tuple[str, ...]], Path | None] = {}
        self._near: dict[Path, list[ComposeFile]] = {}
        #: folder -> holds a file named like a compose file (compose_nearby)
        self._compose_named: dict[Path, bool] = {}
        #: resolved folder -> compose_nearby's answer for a file in it
        self._nearby: dict[Path, bool] = {}
        #: folder -> {name: (is a file, exists)} of its entries, symlinks followed (_entries)
        self._listings: dict[Path, dict[str, tuple[bool, bool]]] = {}
        self._under: dict[Path, list[ComposeFile]] = {}
        self._stock_nginx: dict[Path, bool] = {}
        self._stats: dict[Path, tuple[bool, bool]] = {}
        #: service builds of compose files found above a Dockerfile but not scanned, by id
        self._extra_builds: dict[int, list[ServiceBuild]] = {}
        #: resolved folder -> the compose files above it that were not scanned (unscanned_near)
        self._unscanned: dict[Path, list[ComposeFile]] = {}
        #: resolved folder of an nginx config -> compose_for_nginx's answer when nothing mounts it
        self._nginx_compose: dict[tuple[Path, Path | None], list[ComposeFile]] = {}
        #: id of a compose file -> each name its services answer to -> the first such service
        self._names_by_compose: dict[int, dict[str, ComposeService]] = {}

    def load(self, path: Path, kind: Kind) -> object:
        """The model of a file (scanned, or read on demand under the root); None when unreadable."""
        try:
            key = resolve(path)
        except OSError:
            return None
        art = self._by_path.get(key)
        if art is not None and art.kind is kind:
            return art.model
        if (key, kind) in self._parsed:
            return self._parsed[(key, kind)]
        model: object = None
        try:
            src = self.env.read(key)
            module = importlib.import_module(PARSER_MODULE[kind])
            model = module.parse(src, self.env).model
        except (Refused, OSError, RecursionError):
            model = None
        self._parsed[(key, kind)] = model
        return model

    def dockerfile(self, path: Path) -> DockerfileRef | Unresolved:
        try:
            confined = self.env.confine(path)
        except Refused as exc:
            return Unresolved(str(exc))
        if not confined.is_file():
            return Unresolved(f"{self.rel(path)} does not exist", missing=True)
        model = self.load(confined, Kind.DOCKERFILE)
        if model is None:
            return Unresolved(f"{self.rel(path)} could not be parsed")
        return DockerfileRef(confined, cast("Dockerfile", model))

    def rel(self, path: Path) -> str:
        try:
            return resolve(path).relative_to(self.root).as_posix()
        except (ValueError, OSError):
            return path.as_posix()

    def repo_root(self, path: Path) -> Path:
        """The nearest folder above ``path`` (within the scanned root) holding .git or .github."""
        p = resolve(path)
        folder = p if p.is_dir() else p.parent
        found = self._repo_roots.get(folder)
        if found is None:
            found = self.root
            for f in (folder, *folder.parents):
                entries = self._entries(f)
                if entries.get(".git", (False, False))[1] or self._is_dir(f, entries, ".github"):
                    found = f
                    break
                if f == self.root:
                    break
            self._repo_roots[folder] = found
        return found

    @staticmethod
    def _within(path: Path, top: Path) -> bool:
        a, b = str(path), str(top)
        return a == b or a.startswith(b.rstrip("/") + "/")

    @cached_property
    def _compose_index(self) -> list[tuple[Path, ComposeFile]]:
        """(resolved folder, model) of every scanned compose file."""
        return [(resolve(c.source.path).parent, c) for c in self.compose_files]

    @cached_property
    def _compose_by_folder(self) -> tuple[list[str], list[int]]:
        """The compose index sorted by folder text (for prefix lookups), with original positions."""
        order = sorted(range(len(self._compose_index)), key=lambda i: str(self._compose_index[i][0]))
        return [str(self._compose_index[i][0]) for i in order], order

    @cached_property
    def _compose_folders(self) -> dict[int, Path]:
        return {id(c): f for f, c in self._compose_index}

    @cached_property
    def _compose_paths(self) -> set[Path]:
        return {f / c.source.path.name for f, c in self._compose_index}

    def _compose_under(self, top: Path) -> list[ComposeFile]:
        """Scanned compose files at or below ``top``, in scan order (a bisected prefix range)."""
        cached = self._under.get(top)
        if cached is None:
            cached = self._under[top] = self._find_compose_under(top)
        return list(cached)

    def _find_compose_under(self, top: Path) -> list[ComposeFile]:
        keys, order = self._compose_by_folder
        t = str(top)
        prefix = t.rstrip("/") + "/"
        hits = []
        # two sorted ranges: the folder itself, then "top/..." (which sorts after "top-x", "top.x")
        i = bisect.bisect_left(keys, t)
        while i < len(keys) and keys[i] == t:
            hits.append(order[i])
            i += 1
        i = bisect.bisect_left(keys, prefix)
        while i < len(keys) and keys[i].startswith(prefix):
            hits.append(order[i])
            i += 1
        return [self._compose_index[k][1] for k in sorted(set(hits))]  # set: top "/" is its own prefix

    @cached_property
    def compose_files(self) -> list[ComposeFile]:
        return [m for _, m in self.of_kind(Kind.COMPOSE)]

    def compose_nearby(self, path: Path) -> bool:
        """Whether a file named like a compose file sits in the folder of ``path`` or a folder above
        it, under the root: only then can compose override a Dockerfile's user, healthcheck or build
        context, so rules ask :meth:`overrides_for` and friends only then."""
        folder = resolve(path).parent
        known = self._nearby.get(folder)
        if known is None:
            known = self._nearby[folder] = self._compose_nearby(folder)
        return known

    def _compose_nearby(self, folder: Path) -> bool:
        root = resolve(self.root)
        # "strictly under the root" as text (the paths are resolved): ``root in f.parents`` built
        # a Path per level on every step
        below = str(root).rstrip("/") + "/"
        for f in (folder, *folder.parents):
            found = self._compose_named.get(f)
            if found is None:
                found = any(
                    is_file and classify(PurePosixPath(name)) is Kind.COMPOSE
                    for name, (is_file, _) in self._entries(f).items()
                )
                self._compose_named[f] = found
            if found:
                return True
            if f == root or not str(f).startswith(below):
                return False
        return False

    def compose_near(self, path: Path) -> list[ComposeFile]:
        """Scanned compose files of the same repository, plus unscanned ones in folders above."""
        folder = self._folder_of(path)
        cached = self._near.get(folder)
        if cached is None:
            cached = self._near[folder] = self._compose_under(self.repo_root(folder)) + self.unscanned_near(folder)
        return cached

    def unscanned_near(self, path: Path) -> list[ComposeFile]:
        """The compose files in ``path``'s folder and those above it, up to its repository root,
        that the scan did not take (read on demand), nearest first; one answer per folder."""
        folder = self._folder_of(path)
        cached = self._unscanned.get(folder)
        if cached is None:
            cached = self._unscanned[folder] = self._walk_unscanned(folder)
        return cached

    @staticmethod
    def _folder_of(path: Path) -> Path:
        p = resolve(path)
        return p if p.is_dir() else p.parent

    def _walk_unscanned(self, folder: Path) -> list[ComposeFile]:
        top = self.repo_root(folder)
        scanned = self._compose_paths
        out: list[ComposeFile] = []
        for f in (folder, *folder.parents):  # each folder once, so each candidate is asked once
            if not self._within(f, self.root):
                break
            entries = self._entries(f)
            for name in COMPOSE_NAMES:
                cand = f / name
                if cand not in scanned and entries.get(name, (False, False))[0]:
                    model = self.load(cand, Kind.COMPOSE)
                    if model is not None and id(model) not in self._compose_ids:  # not a link to a scanned one
                        out.append(cast("ComposeFile", model))
            if f == top:
                break
        return out

    def _entries(self, folder: Path) -> dict[str, tuple[bool, bool]]:
        """The names in ``folder`` with (is a file, exists), symlinks followed, from one listing.

        The walks up from a file (repository root, compose files above) ask a few names per folder;
        one ``scandir`` per folder, cached, answers them all. A ``stat`` per name and folder made a
        file 1,100 folders deep cost 4,400 system calls each resolving a 1,100-part path.
        """
        got = self._listings.get(folder)
        if got is None:
            got = {}
            try:
                with os.scandir(folder) as it:
                    for e in it:
                        try:
                            is_file = e.is_file()
                            exists = is_file or e.is_dir() or not e.is_symlink() or (folder / e.name).exists()
                        except OSError:
                            is_file, exists = False, False
                        got[e.name] = (is_file, exists)
            except OSError:
                pass
            self._listings[folder] = got
        return got

    @staticmethod
    def _is_dir(folder: Path, entries: dict[str, tuple[bool, bool]], name: str) -> bool:
        is_file, exists = entries.get(name, (False, False))
        return exists and not is_file and (folder / name).is_dir()

    def services(self, compose: ComposeFile) -> Iterator[ComposeService]:
        for s in compose.services:
            yield ComposeService(compose, s)

    @cached_property
    def _compose_ids(self) -> set[int]:
        return {id(c) for c in self.compose_files}

    def is_file(self, path: Path) -> bool:
        """Whether ``path`` is a file under the scanned root (answers are cached)."""
        return self._stat(path)[0]

    def exists(self, path: Path) -> bool:
        """Whether ``path`` exists under the scanned root (answers are cached)."""
        return self._stat(path)[1]

    def _stat(self, path: Path) -> tuple[bool, bool]:
        key = Path(posixpath.normpath(path.as_posix()))
        got = self._stats.get(key)
        if got is None:
            try:
                confined = self.env.confine(key)
                got = (confined.is_file(), confined.exists())
            except (Refused, OSError):
                got = (False, False)
            self._stats[key] = got
        return got

    def file_in_or_above(self, folder: Path, names: tuple[str, ...]) -> Path | None:
        """The first of ``names`` found in ``folder`` or a folder above it, up to the scanned
        root (reads are confined to the root; answers are cached per folder)."""
        cache: dict[tuple[Path, tuple[str, ...]], Path | None] = self._file_above
        key = (folder, names)
        if key in cache:
            return cache[key]
        found = None
        top = resolve(self.root)
        if self._within(folder, top):
            for f in (folder, *folder.parents):
                hit = next((f / n for n in names if self.env.exists(f / n)), None)
                if hit is not None or f == top:
                    found = hit
                    break
        cache[key] = found
        return found


__all__ = ["COMPOSE_NAMES", "LinkerBase", "is_expr"]
