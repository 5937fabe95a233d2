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


def test_new_rule_writes_a_typed_skeleton_and_warns_on_an_overlap(tmp_path: Path) -> None:
    # a copy of the script in a tree of its own: it writes under its parent's parent
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "new_rule.py").write_text(
        (REPO / "scripts" / "new_rule.py").read_text(encoding="utf-8"), encoding="utf-8"
    )
    rules = tmp_path / "deploylint" / "rules" / "compose"
    rules.mkdir(parents=True)
    (rules / "cmp013_host_escape.py").write_text('for key in ("network_mode", "pid"):\n    pass\n', encoding="utf-8")
    (rules / "cmp011_default_network_only.py").write_text("ok = svc.network_mode is None\n", encoding="utf-8")
    (rules / "cmp002_no_restart_policy.py").write_text("ok = svc.restart is None\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "scripts/new_rule.py", "CMP099", "host-net", "--kind", "compose", "--key", "network-mode"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    tail = " already looks at 'network-mode': extend it rather than overlap?"
    assert done.stderr.splitlines() == [
        "warning: deploylint/rules/compose/cmp011_default_network_only.py" + tail,
        "warning: deploylint/rules/compose/cmp013_host_escape.py" + tail,
    ]
    module = (rules / "cmp099_host_net.py").read_text(encoding="utf-8")
    assert "from deploylint.models.compose import ComposeFile\n" in module
    assert "def host_net(model: ComposeFile, ctx: Context) -> Iterator[Finding]:" in module
    compile(module, "cmp099_host_net.py", "exec")
    assert (tmp_path / "rules" / "CMP099" / "fail_example.yaml").read_text(
        encoding="utf-8"
    ) == "# expect: CMP099\nTODO\n"
    assert (tmp_path / "rules" / "CMP099" / "pass_example.yaml").read_text(encoding="utf-8") == "TODO\n"
