"""Configured zizmor-style workflow rules: GHA055's ``allow`` option, GHA059's ``forbidden-uses``."""

from __future__ import annotations

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
