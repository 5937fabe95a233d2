"""Helpers for rules whose findings the engine itself produces (parse errors, CORE)."""

from __future__ import annotations

from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding


def engine_reported(_model: object, _ctx: Context) -> Iterator[Finding]:
    """The engine emits these findings; the check itself has nothing to add."""
    return iter(())
