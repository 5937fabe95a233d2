"""Rule cases whose name ends in ``_info`` or ``_warning`` (``fail_alias_unslashed_info.conf``) also pin
the severity: every finding of the rule in an ``_info`` case is an info (advice that depends on
context the file does not show, issue #19), and every one in a ``_warning`` case is a warning or
an error (the true behaviour kept beside it). The markers give the positions, as in any fail case."""

from __future__ import annotations

from pathlib import Path

import pytest

from deploylint.findings import Severity
from deploylint.testing import run_case

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
SUFFIXES = ("_info", "_warning")


def _cases() -> list[tuple[str, Path]]:
    return [
        (d.name, c)
        for d in sorted(p for p in RULES_DIR.iterdir() if p.is_dir())
        for c in sorted(d.iterdir())
        if c.name.startswith("fail_") and c.suffix != ".toml" and (c.stem if c.is_file() else c.name).endswith(SUFFIXES)
    ]


@pytest.mark.parametrize(("rule_id", "case"), _cases(), ids=lambda v: v.name if isinstance(v, Path) else v)
def test_case_severity(rule_id: str, case: Path) -> None:
    _, _, report = run_case(case, rule_id)
    found = [f for f in report.findings if f.rule_id == rule_id]
    assert found, f"{case}: no {rule_id} finding"
    want_info = (case.stem if case.is_file() else case.name).endswith("_info")
    wrong = [
        f"{f.location.span.start_line}:{f.location.span.start_col} {f.severity}"
        for f in found
        if (f.severity == Severity.INFO) != want_info
    ]
    assert not wrong, f"{case}: {rule_id} reports these at the wrong severity: {wrong}"
