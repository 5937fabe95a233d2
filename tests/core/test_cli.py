from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from deploylint import __version__
from deploylint.cli import cli


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_version(runner: CliRunner) -> None:
    res = runner.invoke(cli, ["--version"])
    assert res.exit_code == 0 and __version__ in res.output


def test_rules_json_lists_every_rule_with_aliases(runner: CliRunner) -> None:
    res = runner.invoke(cli, ["rules", "--format", "json"])
    assert res.exit_code == 0
    rows = json.loads(res.output)
    ids = [r["id"] for r in rows]
    assert ids == sorted(ids) and "CORE002" in ids
    row = next(r for r in rows if r["id"] == "CORE002")
    assert set(row) >= {"id", "name", "kind", "severity", "tags", "aliases", "summary"}
    assert row["name"] == "unused-suppression" and row["severity"] == "info"


def test_explain(runner: CliRunner) -> None:
    res = runner.invoke(cli, ["explain", "unused-suppression"])
    assert res.exit_code == 0 and res.output.startswith("# CORE002: unused-suppression")
    res = runner.invoke(cli, ["explain", "CORE002", "--format", "json"])
    assert json.loads(res.output)["name"] == "unused-suppression"
    res = runner.invoke(cli, ["explain", "NOPE"])
    assert res.exit_code == 2 and "unknown rule" in res.output


def test_usage_and_config_errors_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(cli, ["check", str(tmp_path / "missing")]).exit_code == 2
    res = runner.invoke(cli, ["check", str(tmp_path), "--select", "NOPE123"])
    assert res.exit_code == 2 and "unknown rule selector" in res.output
    (tmp_path / ".deploylint.toml").write_text("bogus = 1\n", encoding="utf-8")
    res = runner.invoke(cli, ["check", str(tmp_path)])
    assert res.exit_code == 2 and "unknown key 'bogus'" in res.output
    assert runner.invoke(cli, ["check", "--format", "xml", str(tmp_path)]).exit_code == 2


def test_clean_folder_exits_0(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    res = runner.invoke(cli, ["check", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert res.output == f"No deployment files found in {tmp_path.as_posix()}.\n"
