"""Issue 18, the fresh probe: new variants of the issue's classes that the first round's tests did
not cover, each found to fail and fixed. Inputs are built on the fly; each test asserts the exact
finding, message or exit code with a time bound, and a memory bound where memory was at stake."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX special files")

REPO = Path(__file__).resolve().parents[2]
#: an address-space limit: a read without bound dies of it instead of taking the machine's memory
MEMORY_LIMIT = 1536 * 2**20


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _deploylint(cwd: Path, *args: str, timeout: float = 60, stdin: bytes | None = None) -> tuple[int, str, str, float]:
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "deploylint", *args],
        cwd=cwd,
        capture_output=True,
        timeout=timeout,
        check=False,
        input=stdin,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        preexec_fn=_limit_memory if sys.platform != "win32" else None,
    )
    out, err = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    assert "Traceback" not in err, err[-2000:]
    return done.returncode, out, err, time.monotonic() - start


def _repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir(parents=True)
    (tmp_path / "Dockerfile").write_text("FROM alpine:latest\n")
    return tmp_path


# --- the baseline file is an input too (a repository commits it) ---------------------------------


@posix_only
@pytest.mark.parametrize(
    ("make", "message"),
    [
        ("fifo", "cannot read baseline bl.json: a named pipe (FIFO), not a regular file; not read"),
        ("zero", "cannot read baseline bl.json: a character device, not a regular file; not read"),
        ("deep", "baseline bl.json is not a deploylint baseline: it nests too deeply"),
    ],
)
def test_a_hostile_baseline_is_one_line_error(tmp_path: Path, make: str, message: str) -> None:
    """A FIFO as baseline hung the scan for ever (killed at 40 s, no output); a link to /dev/zero
    died of MemoryError and 100,000 nested brackets of RecursionError (tracebacks). Now each is
    one line and exit 2, read as the other side files are."""
    root = _repo(tmp_path)
    bl = root / "bl.json"
    if make == "fifo":
        os.mkfifo(bl)
    elif make == "zero":
        bl.symlink_to("/dev/zero")
    else:
        bl.write_text("[" * 100_000 + "]" * 100_000)
    code, out, err, took = _deploylint(root, "check", ".", "--baseline", "bl.json", "--no-cache", timeout=30)
    assert (code, out, err) == (2, "", f"deploylint: {message}\n")
    assert took < 20


@posix_only
def test_writing_a_baseline_replaces_a_symlink_instead_of_writing_through_it(tmp_path: Path) -> None:
    """``deploylint baseline .deploylint-baseline.json`` in a repository holding that name as a
    link to a file elsewhere wrote the report into the file the link named (any file the user can
    write: ``~/.bashrc``). The baseline is now written to a temporary file and renamed over the
    link, as fixes are: the link is gone, the file it named is untouched."""
    root = _repo(tmp_path / "repo")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (root / ".deploylint-baseline.json").symlink_to(victim)
    code, _out, err, _took = _deploylint(root, "baseline", ".deploylint-baseline.json", ".")
    assert (code, err) == (0, "deploylint: wrote 3 findings to .deploylint-baseline.json\n")
    assert victim.read_text() == "precious\n"
    link = root / ".deploylint-baseline.json"
    assert not link.is_symlink()
    assert [e["rule_id"] for e in json.loads(link.read_text())["findings"]] == ["DKR001", "DKR002", "DKR003"]
