"""Inline suppressions in workflows: ours and zizmor's, trailing and on block-scalar headers."""

from __future__ import annotations

from deploylint.kinds import Kind
from deploylint.testing import lint_text

WF = """\
on: pull_request
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "${{ github.event.pull_request.title }}"  # zizmor: ignore[template-injection]
      - run: echo "${{ github.head_ref }}"  # deploylint: ignore[GHA012] reviewed
      - run: |  # zizmor: ignore[template-injection]
          echo one
          echo "${{ github.event.pull_request.body }}"
      # deploylint: ignore[template-injection]
      - run: echo "${{ github.event.issue.title }}"
      - run: echo "${{ github.event.comment.body }}"
"""


def test_suppressions() -> None:
    assert lint_text(WF, Kind.WORKFLOW, select=["GHA012", "CORE002", "CORE003"]) == [("GHA012", 13, 24)]


def test_unused_suppression_is_reported() -> None:
    text = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo hi  # deploylint: ignore[GHA012]\n"
    got = lint_text(text, Kind.WORKFLOW, select=["GHA012", "CORE002"])
    assert [g[0] for g in got] == ["CORE002"]
