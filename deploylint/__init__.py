"""deploylint: one linter for Dockerfiles, Compose files, nginx configs and GitHub Actions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Unpack

__version__ = "0.1.0"

if TYPE_CHECKING:
    from deploylint.engine import Report
    from deploylint.settings import SettingsFields


def lint(*paths: str, **settings: Unpack[SettingsFields]) -> Report:
    """Lint paths with default settings (overridden by keyword) and return the Report."""
    from pathlib import Path

    from deploylint.engine import lint_paths
    from deploylint.settings import Settings

    return lint_paths([Path(p) for p in paths] or [Path()], Settings(**settings))


__all__ = ["__version__", "lint"]
