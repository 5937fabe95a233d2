"""Nested configs: each file is checked with the config closest to it, wherever the scan starts."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from deploylint.cli import cli

DOCKERFILE = "FROM python:latest\nRUN pip install flask\n"


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Path]:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".deploylint.toml").write_text('select = ["DKR001", "DKR002", "DKR060"]\n', encoding="utf-8")
    for sub in ("app", "app/legacy", "other"):
        (tmp_path / sub).mkdir(exist_ok=True)
        (tmp_path / sub / "Dockerfile").write_text(DOCKERFILE, encoding="utf-8")
    # the nested config replaces the root one for app/ and below
    (tmp_path / "app" / ".deploylint.toml").write_text(
        'select = ["DKR001", "DKR060"]\n[per-file-ignores]\n"legacy/Dockerfile" = ["DKR060"]\n', encoding="utf-8"
    )
    # a nested .hadolint.yaml: DL3007 (DKR001) off in other/
    (tmp_path / "other" / ".hadolint.yaml").write_text("ignored: [DL3007]\n", encoding="utf-8")
    old = Path.cwd()
    os.chdir(tmp_path)
    yield tmp_path
    os.chdir(old)


def _lines(args: list[str]) -> list[str]:
    res = CliRunner().invoke(cli, ["check", "--format", "text", "-q", *args])
    assert res.exit_code == 1, res.output
    return res.output.splitlines()


ROOT = "final stage runs as root: no USER instruction, and python:latest runs as root by default"
DKR002 = f"DKR002 [warning] {ROOT} (final-stage-runs-as-root)"
DKR001 = "DKR001 [warning] base image python:latest uses the mutable :latest tag (mutable-base-image)"
DKR060 = "DKR060 [warning] pip installs flask without a version (pkg==1.2.3) (language-package-unpinned)"
EXPECTED = [
    f"Dockerfile:1:1: {DKR002}",
    f"Dockerfile:1:6: {DKR001}",
    f"Dockerfile:2:17: {DKR060}",
    f"app/Dockerfile:1:6: {DKR001}",
    f"app/Dockerfile:2:17: {DKR060}",
    f"app/legacy/Dockerfile:1:6: {DKR001}",
    f"other/Dockerfile:1:1: {DKR002}",
    f"other/Dockerfile:2:17: {DKR060}",
]


def test_each_file_uses_its_closest_config(repo: Path) -> None:
    (repo / "Dockerfile").write_text(DOCKERFILE, encoding="utf-8")
    assert _lines(["."]) == EXPECTED


def test_results_do_not_depend_on_where_the_scan_starts(repo: Path) -> None:
    (repo / "Dockerfile").write_text(DOCKERFILE, encoding="utf-8")
    whole = _lines(["."])
    assert _lines(["app"]) == [ln for ln in whole if ln.startswith("app/")]
    assert _lines(["app/legacy/Dockerfile"]) == [ln for ln in whole if ln.startswith("app/legacy/")]
    assert _lines(["other"]) == [ln for ln in whole if ln.startswith("other/")]
    os.chdir(repo / "app")
    shown = [ln.removeprefix("app/") for ln in whole if ln.startswith("app/")]
    assert _lines(["."]) == shown


def test_command_line_applies_over_every_config(repo: Path) -> None:
    assert _lines([".", "--ignore", "DKR060"]) == [ln for ln in EXPECTED[3:] if "DKR060" not in ln]


def test_explicit_config_applies_everywhere(repo: Path) -> None:
    lines = _lines([".", "--config", ".deploylint.toml", "--select", "DKR002"])
    assert [ln.split(":")[0] for ln in lines] == ["app/Dockerfile", "app/legacy/Dockerfile", "other/Dockerfile"]


def test_a_nested_config_error_exits_2(repo: Path) -> None:
    (repo / "app" / "legacy" / ".deploylint.toml").write_text("selcet = []\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["check", "."])
    assert res.exit_code == 2
    assert "app/legacy/.deploylint.toml: unknown key 'selcet'" in res.output


def test_config_globs_are_relative_to_the_config_folder(repo: Path) -> None:
    (repo / "app" / ".deploylint.toml").write_text('select = ["DKR001"]\nexclude = ["legacy/**"]\n', encoding="utf-8")
    assert [ln.split(":")[0] for ln in _lines(["."])] == ["app/Dockerfile", "other/Dockerfile", "other/Dockerfile"]
    assert [ln.split(":")[0] for ln in _lines(["app"])] == ["app/Dockerfile"]


@pytest.mark.parametrize(("folder", "expected"), [("dev/api", []), ("svc/api", ["compose.yaml:2:3: CMP002"])])
def test_a_nested_config_does_not_move_the_root(repo: Path, folder: str, expected: list[str]) -> None:
    """A file under dev/ is a development file whether the scan starts above dev/ or inside it."""
    api = repo / folder
    api.mkdir(parents=True)
    (api / ".deploylint.toml").write_text('select = ["CMP002"]\n', encoding="utf-8")
    (api / "compose.yaml").write_text("services:\n  web:\n    image: nginx:1.27\n", encoding="utf-8")
    whole = [ln for ln in _lines_any(["."]) if ln.startswith(folder)]
    os.chdir(api)
    inside = _lines_any(["."])
    assert [ln.split(" [")[0] for ln in inside] == expected
    assert whole == [f"{folder}/{ln}" for ln in inside]


def _lines_any(args: list[str]) -> list[str]:
    return CliRunner().invoke(cli, ["check", "-q", "--min-severity", "info", *args]).output.splitlines()


def test_workers_use_the_nested_configs_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from deploylint import parallel
    from deploylint.cli import _settings
    from deploylint.engine import Engine
    from deploylint.settings import Overrides

    (tmp_path / ".git").mkdir()
    for i in range(40):
        for top in ("a", "b"):
            (tmp_path / top / str(i)).mkdir(parents=True)
            (tmp_path / top / str(i) / "Dockerfile").write_text(DOCKERFILE, encoding="utf-8")
    (tmp_path / "b" / ".deploylint.toml").write_text('select = ["DKR001"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    def scan(jobs: int) -> list[tuple[str, str]]:
        settings = _settings(Path(), None, Overrides())
        settings.jobs = jobs
        return sorted((f.location.path, f.rule_id) for f in Engine(settings).run([Path()]).findings)

    serial = scan(1)
    assert {rid for path, rid in serial if path.startswith("b/")} == {"DKR001"}
    assert len([p for p, _ in serial if p.startswith("b/")]) == 40
    assert scan(2) == serial
    assert parallel.LAST_SCAN["in_workers"] == parallel.LAST_SCAN["chunks"] > 1
