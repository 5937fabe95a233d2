from __future__ import annotations

import json
import os
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


# -- the user-facing items of issue 19 ------------------------------------------------------------

DOCKERFILE = "FROM python:latest\nRUN pip install flask\n"
ROOT = "final stage runs as root: no USER instruction, and python:latest runs as root by default"
WARNINGS = [
    f"DKR002 [warning] {ROOT} (final-stage-runs-as-root)",
    "DKR001 [warning] base image python:latest uses the mutable :latest tag (mutable-base-image)",
    "DKR060 [warning] pip installs flask without a version (pkg==1.2.3) (language-package-unpinned)",
]
POSITIONS = ["1:1", "1:6", "2:17"]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _shown(name: str) -> list[str]:
    return [f"{name}:{pos}: {msg}" for pos, msg in zip(POSITIONS, WARNINGS, strict=True)]


def test_stdin_with_kind(repo: Path, runner: CliRunner) -> None:
    res = runner.invoke(cli, ["check", "--kind", "dockerfile", "-"], input=DOCKERFILE)
    assert res.exit_code == 1
    assert res.stdout.splitlines() == [
        *_shown("-"),
        "",
        "Found 6 findings (3 warning, 3 info) in 1 file. 3 info findings not shown (--min-severity info shows them).",
    ]


def test_stdin_filename_names_the_file_and_picks_kind_and_config(repo: Path, runner: CliRunner) -> None:
    (repo / "svc").mkdir()
    (repo / "svc" / ".deploylint.toml").write_text('ignore = ["DKR002"]\n', encoding="utf-8")
    res = runner.invoke(cli, ["check", "-q", "--stdin-filename", "svc/Dockerfile.api", "-"], input=DOCKERFILE)
    assert (res.exit_code, res.stdout.splitlines()) == (1, _shown("svc/Dockerfile.api")[1:])
    # the name need not exist, and without '-' standard input is read too
    res = runner.invoke(cli, ["check", "-q", "--stdin-filename", "Containerfile"], input=DOCKERFILE)
    assert (res.exit_code, res.stdout.splitlines()) == (1, _shown("Containerfile"))


def test_stdin_of_unknown_kind_exits_2(repo: Path, runner: CliRunner) -> None:
    res = runner.invoke(cli, ["check", "-"], input=DOCKERFILE)
    assert res.exit_code == 2
    assert res.stderr == (
        "deploylint: cannot tell what kind of file standard input is: pass --kind KIND"
        " (dockerfile, compose, nginx, workflow, action) or --stdin-filename NAME\n"
    )
    res = runner.invoke(cli, ["check", "--stdin-filename", "notes.txt"], input="hello\n")
    assert res.exit_code == 2 and "standard input (notes.txt)" in res.stderr
    res = runner.invoke(cli, ["check", "-", "."], input="")
    assert res.exit_code == 2 and "cannot be combined" in res.output


def test_text_shows_warnings_by_default_and_counts_infos(repo: Path, runner: CliRunner) -> None:
    (repo / "Dockerfile").write_text(DOCKERFILE, encoding="utf-8")
    res = runner.invoke(cli, ["check", "."])
    assert res.stdout.splitlines()[:-2] == _shown("Dockerfile")
    res = runner.invoke(cli, ["check", "--min-severity", "info", "."])
    lines = res.stdout.splitlines()
    assert len(lines) == 8 and lines[-1] == "Found 6 findings (3 warning, 3 info) in 1 file."
    res = runner.invoke(cli, ["check", "--min-severity", "error", "."])
    assert res.stdout == (
        "Found 6 findings (3 warning, 3 info) in 1 file. 6 findings below error not shown"
        " (--min-severity info shows them).\n"
    )
    assert res.exit_code == 1  # --fail-on still counts every finding
    # machine formats keep everything
    res = runner.invoke(cli, ["check", "--format", "json", "."])
    assert len(json.loads(res.stdout)["findings"]) == 6
    # strict raises the hardening infos, so they show
    res = runner.invoke(cli, ["check", "--preset", "strict", "--select", "DKR003", "."])
    assert res.stdout.splitlines()[0].startswith("Dockerfile:1:1: DKR003 [warning]")


def test_statistics_prints_only_the_table(repo: Path, runner: CliRunner) -> None:
    (repo / "Dockerfile").write_text(DOCKERFILE, encoding="utf-8")
    (repo / "app").mkdir()
    (repo / "app" / "Dockerfile").write_text("FROM node:latest\n", encoding="utf-8")
    res = runner.invoke(cli, ["check", "--statistics", "."])
    assert res.stdout.splitlines() == [
        "     2  DKR001   mutable-base-image",
        "     2  DKR002   final-stage-runs-as-root",
        "     1  DKR060   language-package-unpinned",
        "",
        "Found 10 findings (5 warning, 5 info) in 2 files. 5 info findings not shown (--min-severity info shows them).",
    ]


def test_exclude_matches_the_shown_path(repo: Path, runner: CliRunner) -> None:
    for sub in ("app", "app/cypress", "app/cypress/e2e"):
        (repo / sub).mkdir()
        (repo / sub / "Dockerfile").write_text(DOCKERFILE, encoding="utf-8")
    res = runner.invoke(cli, ["check", "-q", "app", "--exclude", "app/cypress/**"])
    assert res.stdout.splitlines() == _shown("app/Dockerfile")
    res = runner.invoke(cli, ["check", "-q", "app", "--exclude", "app/cypress/"])
    assert res.stdout.splitlines() == _shown("app/Dockerfile")
    res = runner.invoke(cli, ["check", "-q", "app", "--exclude", "cypress"])  # a name: any folder or file
    assert res.stdout.splitlines() == _shown("app/Dockerfile")
    os.chdir(repo / "app")
    res = runner.invoke(cli, ["check", "-q", ".", "--exclude", "cypress/e2e/**"])
    # cypress/ is a test folder: its image gets no production advice, but it is linted
    assert {line.split(":")[0] for line in res.stdout.splitlines()} == {"Dockerfile", "cypress/Dockerfile"}


def test_config_exclude_is_relative_to_the_config_folder(repo: Path, runner: CliRunner) -> None:
    for sub in ("app", "app/cypress"):
        (repo / sub).mkdir()
        (repo / sub / "Dockerfile").write_text(DOCKERFILE, encoding="utf-8")
    (repo / "app" / ".deploylint.toml").write_text('exclude = ["cypress/**"]\n', encoding="utf-8")
    for args, name in ((["."], "app/Dockerfile"), (["app"], "app/Dockerfile")):
        assert runner.invoke(cli, ["check", "-q", *args]).stdout.splitlines() == _shown(name)
    os.chdir(repo / "app")
    assert runner.invoke(cli, ["check", "-q"]).stdout.splitlines() == _shown("Dockerfile")


def test_nothing_found_says_so(repo: Path, runner: CliRunner) -> None:
    (repo / "docs").mkdir()
    (repo / "README.md").write_text("# hi\n", encoding="utf-8")
    res = runner.invoke(cli, ["check", ".", "docs"])
    assert (res.exit_code, res.stdout) == (0, "No deployment files found in ., docs.\n")
    res = runner.invoke(cli, ["check", "README.md"])
    assert (res.exit_code, res.stdout) == (0, "No deployment files found in README.md.\n")
    assert res.stderr == (
        "deploylint: README.md: not recognised as a Dockerfile, Compose file, nginx config or workflow; skipped"
        " (force a kind with --kind KIND, or with 'kinds' in the config)\n"
    )


COMPOSE = "services:\n  web:\n    image: nginx:1.27\n"


def test_profile_is_explained_with_verbose_only(repo: Path, runner: CliRunner) -> None:
    (repo / "compose.yaml").write_text(COMPOSE, encoding="utf-8")
    (repo / "docker-compose.dev.yml").write_text(COMPOSE, encoding="utf-8")
    (repo / "docker-compose.broken.yml").write_text("services: [\n", encoding="utf-8")
    quiet_run = runner.invoke(cli, ["check", "--select", "CMP001", "."])
    assert "profile" not in quiet_run.stdout
    res = runner.invoke(cli, ["check", "--select", "CMP001", "--verbose", "."])
    profiles = [ln for ln in res.stdout.splitlines() if ": profile " in ln]
    assert profiles == [
        f"compose.yaml: profile {_label(repo, 'compose.yaml')}",
        f"docker-compose.dev.yml: profile {_label(repo, 'docker-compose.dev.yml')}",
    ]


def _label(repo: Path, name: str) -> str:
    """The label the Compose model gives the file, as --verbose explains it."""
    from deploylint.engine import lint_paths
    from deploylint.reporters.text import LABEL_CHANGE, LABEL_MEANINGS
    from deploylint.settings import Settings

    (art,) = lint_paths([repo / name], Settings(root=repo)).artifacts
    value = art.labels["profile"]
    why = [art.labels.get("profile-reason", ""), LABEL_MEANINGS.get(("profile", value), ""), LABEL_CHANGE["profile"]]
    return f"{value}: " + "; ".join(w for w in why if w)
