"""`deploylint check --fix / --unsafe-fixes / --diff / --fix-only` end to end, with exact outputs."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

DOCKERFILE = "FROM golang:1.22 as build\r\nMAINTAINER Jane <jane@example.com>\r\nFROM alpine:3.20\r\n"
FIXED = 'FROM golang:1.22 AS build\r\nLABEL org.opencontainers.image.authors="Jane <jane@example.com>"\r\nFROM alpine:3.20\r\n'


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "deploylint", "check", *args], cwd=cwd, capture_output=True, text=True, check=False
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".deploylint.toml").write_text('select = ["DKR039", "DKR017", "DKR013"]\n')
    (tmp_path / "Dockerfile").write_bytes(DOCKERFILE.encode())
    (tmp_path / "Dockerfile").chmod(0o640)
    return tmp_path


def test_diff_prints_the_change_and_writes_nothing(repo: Path) -> None:
    raw = subprocess.run(
        [sys.executable, "-m", "deploylint", "check", "--diff", "Dockerfile"],
        cwd=repo,
        capture_output=True,
        check=False,
    )
    assert raw.returncode == 1
    assert raw.stdout.decode() == (
        "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,3 +1,3 @@\n"
        "-FROM golang:1.22 as build\r\n-MAINTAINER Jane <jane@example.com>\r\n"
        "+FROM golang:1.22 AS build\r\n"
        '+LABEL org.opencontainers.image.authors="Jane <jane@example.com>"\r\n'
        " FROM alpine:3.20\r\n"
    )
    assert "2 fixes would change 1 files" in raw.stderr.decode()
    assert (repo / "Dockerfile").read_bytes() == DOCKERFILE.encode()


def test_fix_writes_crlf_and_mode_kept_and_reports_what_remains(repo: Path) -> None:
    (repo / "Dockerfile").write_bytes((DOCKERFILE + "CMD echo hi\r\n").encode())
    res = _run(repo, "--fix", "Dockerfile")
    # DKR013 (shell-form CMD) has an unsafe fix only: it remains, so the exit code is 1
    assert (repo / "Dockerfile").read_bytes() == (FIXED + "CMD echo hi\r\n").encode()
    assert stat.S_IMODE(os.stat(repo / "Dockerfile").st_mode) == 0o640
    assert "fixed 2 findings in 1 files" in res.stderr
    assert [
        line.split(": ")[1].split(" ")[0] for line in res.stdout.splitlines() if line.startswith("Dockerfile:")
    ] == ["DKR013"]
    assert res.returncode == 1
    res = _run(repo, "--fix-only", "--unsafe-fixes", "Dockerfile")
    assert res.returncode == 0
    assert (repo / "Dockerfile").read_bytes().endswith(b'CMD ["echo", "hi"]\r\n')


def test_extend_unsafe_fixes_keeps_a_safe_fix_back(repo: Path) -> None:
    (repo / ".deploylint.toml").write_text('select = ["DKR039", "DKR017"]\nextend-unsafe-fixes = ["DKR017"]\n')
    _run(repo, "--fix", "Dockerfile")
    text = (repo / "Dockerfile").read_bytes().decode()
    assert text.startswith("FROM golang:1.22 AS build\r\nMAINTAINER")  # DKR039 fixed, DKR017 held back
    assert "1 fixable with --fix" not in _run(repo, "Dockerfile").stderr


def test_fix_refuses_standard_input(repo: Path) -> None:
    res = subprocess.run(
        [sys.executable, "-m", "deploylint", "check", "--fix", "--kind", "dockerfile", "-"],
        cwd=repo,
        input=DOCKERFILE,
        capture_output=True,
        text=True,
        check=False,
    )
    assert res.returncode == 2
    assert "not on standard input" in res.stderr
