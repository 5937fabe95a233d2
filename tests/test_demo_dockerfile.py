"""fixtures/demo: its Dockerfile shows the Dockerfile rules at work."""

from __future__ import annotations

from pathlib import Path

from deploylint.engine import Engine
from deploylint.settings import Settings
from deploylint.testing import registry

DEMO = Path(__file__).resolve().parent.parent / "fixtures" / "demo"


def test_demo_dockerfile_findings() -> None:
    s = Settings(select=["DKR"], root=DEMO)
    report = Engine(s, registry()).run([DEMO / "Dockerfile"])
    # compose.yaml builds this Dockerfile with `user:` and `healthcheck:` set, so the project model
    # keeps DKR002 (runs as root) and DKR003 (no HEALTHCHECK) quiet even when only the Dockerfile
    # is passed, as pre-commit does
    got = {(f.rule_id, f.location.span.start_line, f.location.span.start_col) for f in report.findings}
    assert got == {
        ("DKR001", 3, 6),
        ("DKR012", 3, 6),
        ("DKR008", 6, 5),
        ("DKR005", 9, 1),
        ("DKR010", 9, 1),
        ("DKR004", 10, 5),
        ("DKR006", 10, 5),
        ("DKR007", 10, 5),
        ("DKR011", 11, 5),
        ("DKR013", 14, 1),
    }
