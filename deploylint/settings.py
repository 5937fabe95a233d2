"""Resolved settings: the typed result of defaults, config file and command line.

This module stays free of pydantic so a run without a config file never imports it; the config
file's schema lives in :mod:`deploylint.config`.
"""

from __future__ import annotations

from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from deploylint.findings import Severity
from deploylint.kinds import Kind, glob_match
from deploylint.records import record

if TYPE_CHECKING:
    from deploylint.config.tree import ConfigTree

DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024
DEFAULT_FILE_TIMEOUT = 10.0


@record(frozen=False, slots=False)
class Settings:
    select: list[str] | None = None  # selectors; None = every stable rule
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: Severity | None = Severity.WARNING  # None = never fail on findings
    preset: str = "default"  # "default" | "strict"
    preview: bool = False
    severity: dict[str, Severity] = field(default_factory=dict)  # selector -> severity
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)  # glob -> selectors
    rule_ignores: dict[str, list[str]] = field(default_factory=dict)  # selector -> path globs
    rule_enabled: dict[str, bool] = field(default_factory=dict)
    rule_options: dict[str, dict[str, object]] = field(default_factory=dict)  # selector -> raw options
    #: globs of the config file, matched against paths relative to ``base`` (the config's folder)
    exclude: list[str] = field(default_factory=list)
    #: ``--exclude`` globs, matched against the path as the output shows it (relative to the working folder)
    cli_exclude: list[str] = field(default_factory=list)
    kinds: dict[str, Kind] = field(default_factory=dict)  # glob -> kind
    profiles: dict[str, str] = field(default_factory=dict)  # glob -> compose profile
    sections: dict[str, dict[str, object]] = field(default_factory=dict)  # per-kind settings (nginx, ...)
    no_ignores: bool = False
    respect_gitignore: bool = True
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    jobs: int = 0  # parallel workers; 0 = the available cores
    file_timeout: float = DEFAULT_FILE_TIMEOUT  # seconds per file for parse + rules; 0 = no limit
    config_path: Path | None = None
    #: ``cache-dir`` of the config (relative to ``base``); see :mod:`deploylint.cache`
    cache_dir: Path | None = None
    #: selectors whose unsafe fixes count as safe, and whose safe fixes count as unsafe
    extend_safe_fixes: list[str] = field(default_factory=list)
    extend_unsafe_fixes: list[str] = field(default_factory=list)
    #: the cache of resolved action refs GHA009's pin fix reads (:mod:`deploylint.pins`); None:
    #: ``DEPLOYLINT_REFS``, else ``.deploylint_cache/refs.json`` in the root
    refs_file: Path | None = None
    #: where the command line's scan starts: without ``refs_file``, the cache is the one of
    #: :func:`deploylint.pins.default_path` for it, found only when something reads the cache
    refs_start: Path | None = None
    root: Path | None = None
    #: the folder the config's globs are relative to (its file's folder); None: the scan root
    base: Path | None = None
    #: the nested configs of a scan (see :mod:`deploylint.config.tree`); None: these settings apply
    #: to every file
    tree: ConfigTree | None = field(default=None, repr=False, compare=False)

    def here(self, relpath: str) -> Settings:
        """The settings for the file or folder at ``relpath`` (relative to the scan root): those of
        the closest config above it."""
        return self if self.tree is None else self.tree.for_path(relpath)

    def own_path(self, relpath: str) -> str | None:
        """``relpath`` (relative to the scan root) relative to ``base``, as config globs are
        written; None when the path is not under it."""
        if self.tree is None or self.base is None:
            return relpath
        return self.tree.rebase(relpath, self.base)

    def kind_for(self, relpath: str) -> Kind | None:
        s = self.here(relpath)
        own = s.own_path(relpath)
        if own is None:
            return None
        for pattern, kind in s.kinds.items():
            if glob_match(own, pattern):
                return kind
        return None

    def excluded(self, relpath: str) -> bool:
        s = self.here(relpath)
        if s.exclude:
            own = s.own_path(relpath)
            if own is not None and any(glob_match(own, p) for p in s.exclude):
                return True
        if s.cli_exclude:
            shown = relpath if s.tree is None else s.tree.shown(relpath)
            return any(glob_match(shown, p) for p in s.cli_exclude)
        return False

    def section(self, name: str) -> dict[str, object]:
        return self.sections.get(name, {})


class SettingsFields(TypedDict, total=False):
    """The fields of :class:`Settings` as keyword arguments (``deploylint.lint(path, select=[...])``);
    ``tests/core/test_any_budget.py`` checks that they match the class."""

    select: list[str] | None
    extend_select: list[str]
    ignore: list[str]
    fail_on: Severity | None
    preset: str
    preview: bool
    severity: dict[str, Severity]
    per_file_ignores: dict[str, list[str]]
    rule_ignores: dict[str, list[str]]
    rule_enabled: dict[str, bool]
    rule_options: dict[str, dict[str, object]]
    exclude: list[str]
    cli_exclude: list[str]
    kinds: dict[str, Kind]
    profiles: dict[str, str]
    sections: dict[str, dict[str, object]]
    no_ignores: bool
    respect_gitignore: bool
    max_file_size: int
    jobs: int
    file_timeout: float
    config_path: Path | None
    cache_dir: Path | None
    extend_safe_fixes: list[str]
    extend_unsafe_fixes: list[str]
    refs_file: Path | None
    refs_start: Path | None
    root: Path | None
    base: Path | None
    tree: ConfigTree | None


@record(frozen=False, slots=False)
class Overrides:
    """What the command line says about rules and paths: applied over every config of a scan."""

    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    no_ignores: bool = False
    preset: str | None = None
    preview: bool = False
    #: the resolved-refs cache (:mod:`deploylint.pins`) for every config of the scan
    refs_file: Path | None = None
    #: the scan's start, whose :func:`deploylint.pins.default_path` is that cache when no
    #: ``refs_file`` is given (looked up only when the cache is read)
    refs_start: Path | None = None

    def apply(self, settings: Settings) -> None:
        if self.select is not None:
            settings.select = list(self.select)
        settings.extend_select += self.extend_select
        settings.ignore += self.ignore
        settings.cli_exclude += self.exclude
        settings.no_ignores = settings.no_ignores or self.no_ignores
        if self.preset:
            settings.preset = self.preset
        if self.preview:
            settings.preview = True
        if self.refs_file is not None:
            settings.refs_file = self.refs_file
        elif self.refs_start is not None:
            settings.refs_file, settings.refs_start = None, self.refs_start
