"""Findings the engine itself reports (read and parse problems, internal errors)."""

from __future__ import annotations

from pathlib import PurePosixPath

from deploylint.engine.artifacts import INTERNAL_ERROR
from deploylint.findings import Finding, Location, Severity
from deploylint.registry import Registry
from deploylint.source import START


class Emitter:
    registry: Registry

    def _emit(self, rule_id: str, location: Location, message: str) -> Finding:
        r = self.registry.rules.get(rule_id)
        if r is None:
            return Finding(rule_id, "unregistered", Severity.ERROR, message, location)
        return Finding(rule_id, r.name, r.meta.severity, message, location, tags=r.meta.tags)

    # -- stages --------------------------------------------------------------------------------
    def _internal(self, what: str, display: str, exc: BaseException) -> Finding:
        import traceback  # only on the rare internal error: not a start-up cost

        tb = traceback.extract_tb(exc.__traceback__)
        where = f" at {PurePosixPath(tb[-1].filename).name}:{tb[-1].lineno}" if tb else ""
        msg = f"internal error in {what} on {display}: {type(exc).__name__}: {exc}{where}"
        return self._emit(INTERNAL_ERROR, Location(display, START), msg)
