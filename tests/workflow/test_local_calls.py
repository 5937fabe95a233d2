"""GHA060 on a called workflow that is not there: reported only in a git checkout."""

from __future__ import annotations

from deploylint.kinds import Kind
from deploylint.testing import lint_text

CALLER = """on: push
jobs:
  build:
    uses: ./.github/workflows/build.yml
  lint:
    uses: $/.github/workflows/lint.yml
  remote:
    uses: octo-org/shared/.github/workflows/missing.yml@v1
"""
LINT = "on:\n  workflow_call:\njobs:\n  l:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make lint\n"


def test_missing_called_workflow_in_a_checkout_is_an_error() -> None:
    files = {".git/HEAD": "ref: refs/heads/main\n", ".github/workflows/lint.yml": LINT}
    found = lint_text(CALLER, Kind.WORKFLOW, select=["GHA060"], filename=".github/workflows/ci.yml", files=files)
    assert found == [("GHA060", 4, 11)]


def test_missing_called_workflow_in_a_partial_copy_is_not_reported() -> None:
    files = {".github/workflows/lint.yml": LINT}
    found = lint_text(CALLER, Kind.WORKFLOW, select=["GHA060"], filename=".github/workflows/ci.yml", files=files)
    assert found == []
