"""scripts/new_rule.py writes, for every kind, a skeleton that ruff, mypy --strict and the layer scan accept."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.test_layers import FORBIDDEN, _fs_calls, _imports

pytest.importorskip("mypy")

REPO = Path(__file__).resolve().parent.parent
KINDS = ("compose", "dependabot", "dockerfile", "ecs", "nginx", "pm2", "project", "workflow")


def test_every_kind_gets_a_skeleton_that_passes_the_checks(tmp_path: Path) -> None:
    # a copy of the script in a tree of its own: it writes under its parent's parent
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "new_rule.py").write_text(
        (REPO / "scripts" / "new_rule.py").read_text(encoding="utf-8"), encoding="utf-8"
    )
    modules = []
    for kind in KINDS:
        done = subprocess.run(
            [sys.executable, "scripts/new_rule.py", "TST099", f"demo-{kind}", "--kind", kind],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=True,
        )
        (module,) = [tmp_path / p for p in done.stdout.split() if p.startswith("deploylint/")]
        assert module.parent.name == kind
        modules.append(module)
        tree = ast.parse(module.read_text(encoding="utf-8"))
        bad = [n for n, _ in _imports(tree) if any(n == f or n.startswith(f + ".") for f in FORBIDDEN["rules"])]
        assert bad == [], (kind, bad)
        assert _fs_calls(tree) == [], kind
        (rule_dir,) = {p.split("/")[1] for p in done.stdout.split() if p.startswith("rules/")}
        assert rule_dir == "TST099"
        shutil.rmtree(tmp_path / "rules")  # the next kind writes its cases afresh
    project = (tmp_path / "deploylint" / "rules" / "project" / "tst099_demo_project.py").read_text(encoding="utf-8")
    assert "import Project" not in project and "project = ctx.project" in project
    config = str(REPO / "pyproject.toml")
    files = [str(m) for m in modules]
    lint = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--config", config, *files], capture_output=True, text=True, check=False
    )
    assert lint.returncode == 0, lint.stdout
    fmt = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "--config", config, *files],
        capture_output=True,
        text=True,
        check=False,
    )
    assert fmt.returncode == 0, fmt.stdout
    flags = ["--strict", "--no-error-summary", "--show-error-codes", "--no-incremental"]
    typed = subprocess.run(
        [sys.executable, "-m", "mypy", *flags, "--cache-dir", str(tmp_path / "cache"), *files],
        cwd=REPO,  # mypy finds deploylint here even when it is not installed
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert (typed.returncode, typed.stdout) == (0, ""), typed.stderr
