"""Every case under rules/<ID>/ runs only that rule and must give exactly the marked findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from deploylint.testing import SIDECAR, run_case

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"


def _cases() -> list[tuple[str, Path]]:
    out = []
    for rule_dir in sorted(p for p in RULES_DIR.iterdir() if p.is_dir()):
        for case in sorted(rule_dir.iterdir()):
            if case.name.startswith(("fail_", "pass_")) and case.suffix not in (".toml", SIDECAR):
                out.append((rule_dir.name, case))
    return out


@pytest.mark.parametrize(("rule_id", "case"), _cases(), ids=lambda v: v.name if isinstance(v, Path) else v)
def test_case(rule_id: str, case: Path) -> None:
    expected, actual, report = run_case(case, rule_id)
    if case.name.startswith("pass_"):
        assert not {a for a in actual if a[1] == rule_id}, f"{case}: expected no {rule_id} finding"
        assert not expected, f"{case}: a pass case must not carry expect markers"
    else:
        assert expected, f"{case}: a fail case needs at least one '# expect:' marker"
    assert actual == expected, (
        f"{case}\nmissing: {sorted(expected - actual)}\nunexpected: {sorted(actual - expected)}\n"
        + "\n".join(
            f"  {f.location.path}:{f.location.span.start_line}:{f.location.span.start_col} {f.rule_id} {f.message}"
            for f in report.findings
        )
    )
