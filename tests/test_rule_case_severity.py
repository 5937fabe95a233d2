"""A rule case named ``*_info`` (``fail_alias_unslashed_info.conf``) holds findings the rule reports at
``info`` (advice that depends on context the file does not show, issue #19): every finding of that
rule in the case must be an info (the markers give their positions, as in any fail case)."""

from __future__ import annotations

from pathlib import Path

import pytest

from deploylint.findings import Severity
from deploylint.testing import run_case

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"


def _info_cases() -> list[tuple[str, Path]]:
    return [
        (d.name, c)
        for d in sorted(p for p in RULES_DIR.iterdir() if p.is_dir())
        for c in sorted(d.iterdir())
        if c.name.startswith("fail_") and c.suffix != ".toml" and (c.stem if c.is_file() else c.name).endswith("_info")
    ]


@pytest.mark.parametrize(("rule_id", "case"), _info_cases(), ids=lambda v: v.name if isinstance(v, Path) else v)
def test_info_case(rule_id: str, case: Path) -> None:
    _, _, report = run_case(case, rule_id)
    found = [f for f in report.findings if f.rule_id == rule_id]
    assert found, f"{case}: no {rule_id} finding"
    loud = [f"{f.location.span.start_line}:{f.location.span.start_col} {f.severity}" for f in found if f.severity != Severity.INFO]
    assert not loud, f"{case}: {rule_id} should report these at info: {loud}"
