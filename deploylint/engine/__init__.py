"""The engine: runs the pipeline over a scan's files.

The stages live in their own modules, in the order a file goes through them:

- :mod:`deploylint.discovery` finds the files (outside this package);
- :mod:`.select` decides which rules run on which file, with which severity and options;
- :mod:`.read` reads and decodes a file, tells its kind and calls its parser;
- :mod:`.run` runs the file rules, links the project (:mod:`deploylint.links.project`) and runs the
  rules that need it;
- :mod:`.suppress` applies inline suppressions and configured severities and sorts the findings;
- :mod:`.artifacts` holds what the stages hand on (Artifact, FileResult, Report).
"""

from __future__ import annotations

from deploylint.engine.artifacts import (
    INTERNAL_ERROR,
    SKIPPED_PATH,
    UNKNOWN_SUPPRESSION,
    UNUSED_SUPPRESSION,
    Artifact,
    FileResult,
    Report,
    Stdin,
    UsageError,
)
from deploylint.engine.read import confined
from deploylint.engine.run import MAX_DIAGNOSTICS, Engine, gc_paused, lint_paths
from deploylint.engine.select import Selection
from deploylint.engine.suppress import total_key
from deploylint.paths import is_within

__all__ = [
    "INTERNAL_ERROR",
    "MAX_DIAGNOSTICS",
    "SKIPPED_PATH",
    "UNKNOWN_SUPPRESSION",
    "UNUSED_SUPPRESSION",
    "Artifact",
    "Engine",
    "FileResult",
    "Report",
    "Selection",
    "Stdin",
    "UsageError",
    "confined",
    "gc_paused",
    "is_within",
    "lint_paths",
    "total_key",
]
