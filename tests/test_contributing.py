"""CONTRIBUTING's "Adding a rule" must describe what scripts/new_rule.py really does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_contributing_matches_scaffold() -> None:
    out = subprocess.run(
        [sys.executable, "scripts/new_rule.py", "DKR999", "demo-rule", "--kind", "dockerfile", "--dry-run"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out == [
        "deploylint/rules/dockerfile/dkr999_demo_rule.py",
        "rules/DKR999/fail_example.Dockerfile",
        "rules/DKR999/pass_example.Dockerfile",
    ]
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text.split("## Adding a rule", 1)[1].split("\n## ", 1)[0]
    assert "python scripts/new_rule.py DKR099 my-rule-name --kind dockerfile" in section
    for piece in (
        "deploylint/rules/<kind>/<id>_<name>.py",
        "rules/<ID>/fail_example.<ext>",
        "rules/<ID>/pass_example.<ext>",
    ):
        assert piece in section
    assert "python scripts/gen_docs.py" in section and "make test" in section
