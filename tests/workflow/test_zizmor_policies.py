"""Configured zizmor-style workflow rules: GHA055's ``allow`` option, GHA059's ``forbidden-uses``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from deploylint.cli import cli
from deploylint.kinds import Kind
from deploylint.settings import Settings
from deploylint.testing import lint_text

SECRETS = """\
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: ./upload.sh
        env:
          CODECOV: ${{ secrets.CODECOV_TOKEN }}
          KEY: ${{ secrets.DEPLOY_KEY }}
"""


def _secrets(settings: Settings | None = None) -> list[tuple[str, int, int]]:
    return lint_text(SECRETS, Kind.WORKFLOW, select=["GHA055"], filename=".github/workflows/t.yml", settings=settings)


def test_secrets_outside_env_reports_each_secret() -> None:
    assert _secrets() == [("GHA055", 8, 24), ("GHA055", 9, 20)]


def test_secrets_outside_env_allow_is_case_insensitive() -> None:
    s = Settings()
    s.rule_options["GHA055"] = {"allow": ["codecov_token"]}
    assert _secrets(s) == [("GHA055", 9, 20)]


MENAGERIE = """\
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-python@v4
      - uses: pypa/gh-action-pypi-publish@release/v1
      - uses: actions/checkout@v4
"""


def _check(tmp_path: Path, config: str | None) -> tuple[int, str, list[tuple[str, int, int]]]:
    wf = tmp_path / ".github" / "workflows" / "ci.yml"
    wf.parent.mkdir(parents=True, exist_ok=True)
    wf.write_text(MENAGERIE, encoding="utf-8")
    if config is not None:
        (tmp_path / ".deploylint.toml").write_text(config, encoding="utf-8")
    res = CliRunner().invoke(cli, ["check", "--no-cache", "--select", "GHA059", "--format", "json", str(tmp_path)])
    if res.exit_code == 2:
        return 2, res.output, []
    found = [(f["rule_id"], f["line"], f["column"]) for f in json.loads(res.output)["findings"]]
    return res.exit_code, res.output, found


@pytest.mark.parametrize(
    ("config", "want"),
    [
        (None, []),
        ('[workflow]\nforbidden-uses = { allow = ["*"] }\n', []),
        ('[workflow]\nforbidden-uses = { deny = ["*"] }\n', [("GHA059", 6, 15), ("GHA059", 7, 15), ("GHA059", 8, 15)]),
        (
            '[workflow]\nforbidden-uses = { allow = ["actions/checkout", "pypa/gh-action-pypi-publish"] }\n',
            [("GHA059", 6, 15)],
        ),
        (
            '[workflow]\nforbidden-uses = { deny = ["ACTIONS/Checkout", "pypa/*"] }\n',
            [("GHA059", 7, 15), ("GHA059", 8, 15)],
        ),
        (
            '[workflow]\nforbidden-uses = { allow = ["actions/setup-python@v4", "actions/checkout@v3"] }\n',
            [("GHA059", 7, 15), ("GHA059", 8, 15)],
        ),
        (
            '[workflow]\nforbidden-uses = { deny = ["actions/checkout@v4", "actions/checkout/*"] }\n',
            [("GHA059", 8, 15)],
        ),
    ],
)
def test_forbidden_uses_allow_and_deny(tmp_path: Path, config: str | None, want: list[tuple[str, int, int]]) -> None:
    code, _out, found = _check(tmp_path, config)
    assert found == want
    assert code == (1 if want else 0)


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            '[workflow]\nforbidden-uses = { alow = ["actions/*"] }\n',
            "unknown key 'workflow.forbidden-uses.alow'; did you mean 'allow'?",
        ),
        (
            '[workflow]\nforbiden-uses = { allow = ["actions/*"] }\n',
            "unknown key 'workflow.forbiden-uses'; did you mean 'forbidden-uses'?",
        ),
        (
            '[workflow]\nforbidden-uses = { allow = ["*/*"] }\n',
            "workflow.forbidden-uses.allow.0: invalid pattern '*/*'",
        ),
        (
            '[workflow]\nforbidden-uses = { deny = ["actions/*", "actions/*@v1"] }\n',
            "workflow.forbidden-uses.deny.1: invalid pattern",
        ),
        (
            '[workflow]\nforbidden-uses = { allow = ["a/*"], deny = ["b/*"] }\n',
            "workflow.forbidden-uses: give exactly one of 'allow' or 'deny'",
        ),
        ("[workflow]\nforbidden-uses = {}\n", "workflow.forbidden-uses: give exactly one of 'allow' or 'deny'"),
        (
            '[workflow]\nforbidden-uses = { allow = "actions/*" }\n',
            "workflow.forbidden-uses.allow: Input should be a valid list",
        ),
        ('[workflow]\nforbidden-uses = ["actions/*"]\n', "workflow.forbidden-uses: Input should be a valid dictionary"),
    ],
)
def test_forbidden_uses_config_errors_exit_2(tmp_path: Path, config: str, message: str) -> None:
    code, out, _found = _check(tmp_path, config)
    assert code == 2
    assert message in out
