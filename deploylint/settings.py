"""Resolved settings: the typed result of defaults, config file and command line.

This module stays free of pydantic so a run without a config file never imports it; the config
file's schema lives in :mod:`deploylint.config`.
"""

from __future__ import annotations

from dataclasses import field
from pathlib import Path
from typing import Any

from deploylint.findings import Severity
from deploylint.kinds import Kind, glob_match
from deploylint.records import record

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
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)  # selector -> raw options
    exclude: list[str] = field(default_factory=list)
    kinds: dict[str, Kind] = field(default_factory=dict)  # glob -> kind
    profiles: dict[str, str] = field(default_factory=dict)  # glob -> compose profile
    sections: dict[str, dict[str, Any]] = field(default_factory=dict)  # per-kind settings (nginx, ...)
    no_ignores: bool = False
    respect_gitignore: bool = True
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    jobs: int = 0  # parallel workers; 0 = the available cores
    file_timeout: float = DEFAULT_FILE_TIMEOUT  # seconds per file for parse + rules; 0 = no limit
    config_path: Path | None = None
    root: Path | None = None

    def kind_for(self, relpath: str) -> Kind | None:
        for pattern, kind in self.kinds.items():
            if glob_match(relpath, pattern):
                return kind
        return None

    def excluded(self, relpath: str) -> bool:
        return any(glob_match(relpath, p) for p in self.exclude)

    def section(self, name: str) -> dict[str, Any]:
        return self.sections.get(name, {})
