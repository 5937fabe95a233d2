"""The start-up path (deploylint.entry): ``check`` read without click gives what click gives."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deploylint.check_command import run
from deploylint.cli import cli
from deploylint.entry import quick_check

REPO = Path(__file__).resolve().parents[2]


def _click_params(args: list[str]) -> dict[str, object] | None:
    """What click makes of ``check ARGS``: its parameters, or None when it refuses them."""
    command = cli.commands["check"]  # type: ignore[attr-defined]  # a click.Group
    try:
        with command.make_context("check", list(args), resilient_parsing=False) as ctx:
            return dict(ctx.params)
    except click.exceptions.Exit:
        return None
    except click.UsageError:
        return None


def _with_defaults(params: dict[str, object]) -> dict[str, object]:
    defaults = {k: p.default for k, p in inspect.signature(run).parameters.items()}
    return {**defaults, **params}


def test_run_defaults_are_the_click_defaults() -> None:
    assert _click_params([]) == _with_defaults({})


@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["check", "Dockerfile"],
        ["check", "--", "Dockerfile", "--not-an-option"],
        ["check", "--no-cache", "--format", "json", "a", "b"],
        ["check", "--format=sarif", "-o", "out.sarif", "--category", "x/", "."],
        ["check", "--select", "DKR001,DKR002", "--select", "CMP", "--ignore", "x", "-q", "-v", "-j", "2"],
        ["check", "--fail-on", "never", "--min-severity", "info", "--color", "never", "--no-fingerprints"],
        ["check", "--kind", "nginx", "--preset", "strict", "--preview", "--statistics", "--no-ignores", "f"],
        ["check", "--exclude", "a/*", "--extend-select", "GHA", "--cache-dir", "cache", "--config", "c.toml"],
    ],
)
def test_common_forms_read_as_click_reads_them(
    args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    got = quick_check(args)
    assert got is not None
    assert _with_defaults(got) == _click_params(args[1:])


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--version"],
        ["rules"],
        ["check", "--help"],
        ["check", "-h"],
        ["check", "-"],
        ["check", "--fix", "Dockerfile"],
        ["check", "-qv"],
        ["check", "-j2"],
        ["check", "--jobs", "0"],
        ["check", "--jobs", "+2"],
        ["check", "--format", "yaml"],
        ["check", "--format"],
        ["check", "--select", "--quiet"],
        ["check", "--quiet=1"],
        ["check", "--no-such-option"],
        ["check", "--output", "."],
        ["check", "--stdin-filename", "Dockerfile"],
    ],
)
def test_other_forms_go_to_click(args: list[str]) -> None:
    assert quick_check(args) is None


def test_a_folder_named_as_the_cache_dir_but_a_file_goes_to_click(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x", encoding="utf-8")
    assert quick_check(["check", "--cache-dir", str(tmp_path / "f"), "."]) is None
    assert quick_check(["check", "--config", str(tmp_path), "."]) is None
    assert quick_check(["check", "--cache-dir", str(tmp_path), "."]) == {"cache_dir": tmp_path, "paths": (Path(),)}


TOKENS = [
    "check", "--", "-", "-q", "-v", "-j", "2", "0", "-o", "--output", "--format", "json", "sarif",
    "--format=text", "--fail-on", "never", "--select", "DKR001", "--ignore=x", "--exclude", "--no-cache",
    "--cache-dir", "--config", "--kind", "nginx", "--color", "always", "--category", "--preview", "a",
    "Dockerfile", "", ".", "--help", "-h", "--fix", "--statistics", "--no-fingerprints", "--jobs=3",
]  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(TOKENS), max_size=8))
def test_whatever_is_read_here_click_reads_the_same(tail: list[str]) -> None:
    args = ["check", *tail]
    got = quick_check(args)
    if got is not None:
        assert _with_defaults(got) == _click_params(tail)


def _main(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DEPLOYLINT_SLOW_EXIT="1", PYTHONPATH=str(REPO))
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: sys.stderr.write('click loaded\\n' if 'click' in sys.modules else ''))\n"
        "from deploylint.entry import main\n"
        f"main({args!r})\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=120
    )


def test_a_one_file_check_runs_without_click_and_reports_as_click_does(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM python:latest\n", encoding="utf-8")
    quick = _main(["check", "--no-cache", "--format", "json", "Dockerfile"], tmp_path)
    assert "click loaded" not in quick.stderr
    assert quick.returncode == 1
    slow = subprocess.run(
        [
            sys.executable,
            "-c",
            "from deploylint.cli import cli; cli(['check', '--no-cache', '--format', 'json', 'Dockerfile'])",
        ],
        cwd=tmp_path,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert (quick.stdout, quick.returncode) == (slow.stdout, slow.returncode)
    assert '{"rule_id": "DKR001", "rule_name": "mutable-base-image", "severity": "warning"' in quick.stdout
    assert '"line": 1, "column": 6, "end_line": 1, "end_column": 19' in quick.stdout


def test_a_missing_path_is_reported_by_click(tmp_path: Path) -> None:
    res = _main(["check", "--no-cache", "nope"], tmp_path)
    assert res.returncode == 2
    assert res.stderr.splitlines()[:4] == [
        "Usage: deploylint check [OPTIONS] [PATHS]...",
        "Try 'deploylint check --help' for help.",
        "",
        "Error: path does not exist: nope",
    ]
