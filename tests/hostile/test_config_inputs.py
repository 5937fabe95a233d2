"""Issue 18, item 10: config files are inputs too.

A catastrophic glob in ``exclude``, ``per-file-ignores`` or ``.dockerignore`` is matched in linear
time (same answers as before, checked as a property against the old translation), and so is a
.gitignore line with any number of wildcards (tests/hostile/test_gitignore.py); an alias bomb,
deep nesting or a non-finite number in a config is a config error: exit 2, one line, well within
a second, bounded memory.
"""

from __future__ import annotations

import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deploylint.kinds import glob_match, glob_regex
from tests.hostile.conftest import bounded

_WILD = "*a" * 40 + "*b"
_LONG = "a" * 240


def _old_translation(pattern: str, dir_only: bool | None) -> re.Pattern[str]:
    """The regex glob_regex used to compile (exponential on many stars): the reference semantics."""
    if dir_only is None:
        dir_only = pattern.endswith("/")
    out, i, body = [], 0, pattern.strip("/")
    while i < len(body):
        if body.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif body.startswith("**", i):
            out.append(".*")
            i += 2
        else:
            c = body[i]
            out.append("[^/]*" if c == "*" else "[^/]" if c == "?" else re.escape(c))
            i += 1
    return re.compile("^" + "".join(out) + ("/.*" if dir_only else "(?:/.*)?") + r"\Z")


@settings(max_examples=400, deadline=None)
@given(
    pattern=st.text(st.sampled_from("ab/*?.["), max_size=9),
    path=st.text(st.sampled_from("ab/.["), max_size=12),
    dir_only=st.sampled_from([None, False, True]),
)
def test_glob_matcher_agrees_with_the_old_translation(pattern: str, path: str, dir_only: bool | None) -> None:
    want = _old_translation(pattern, dir_only).match(path) is not None
    assert (glob_regex(pattern, dir_only=dir_only).match(path) is not None) is want


def test_catastrophic_globs_match_in_linear_time() -> None:
    with bounded(2, 50):
        assert glob_match(f"x/{_LONG}", f"x/{_WILD}") is False
        assert glob_match(f"x/{_LONG}b", f"x/{_WILD}") is True
        assert glob_match("x/" + "a/" * 1500, "x/" + "**/a" * 40 + "/b") is False
        assert glob_regex(_WILD, dir_only=False).match(_LONG) is None


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # 1 GiB: a bomb fails, not swaps


def _check(root: Path) -> tuple[int, str, str, float]:
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "deploylint", "check", ".", "--no-cache", "--format", "json"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        preexec_fn=_limited,
    )
    return done.returncode, done.stdout, done.stderr, time.monotonic() - start


def _repo(tmp_path: Path, files: dict[str, str]) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.19\nUSER app\nHEALTHCHECK CMD true\n")
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    return tmp_path


def test_wild_exclude_and_per_file_ignores_do_not_hang_discovery(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / f"Dockerfile.{_LONG}").write_text("FROM alpine:latest\n")
    toml = f'exclude = ["x/{_WILD}"]\n[per-file-ignores]\n"x/{_WILD}" = ["DKR001"]\n'
    code, out, err, took = _check(_repo(tmp_path, {".deploylint.toml": toml}))
    assert code == 1, err
    import json

    # neither glob matches the name: the file is scanned and its DKR001 kept
    found = [(f["rule_id"], f["path"]) for f in json.loads(out)["findings"] if f["rule_id"] == "DKR001"]
    assert found == [("DKR001", f"x/Dockerfile.{_LONG}")]
    assert took < 20  # it ran forever; about a second of start-up and scan here


def test_wild_gitignore_line_is_applied_in_bounded_time(tmp_path: Path) -> None:
    """A .gitignore line with 41 stars is matched (linear matcher), not skipped with a CORE004."""
    import json

    root = _repo(tmp_path, {".gitignore": f"{_WILD}\n*.log\n"})
    (root / f"Dockerfile.{'a' * 40}b").write_text("FROM alpine:latest\n")  # the wild line ignores it
    (root / f"Dockerfile.{_LONG}").write_text("FROM alpine:latest\n")  # no "b": scanned
    code, out, err, took = _check(root)
    assert code == 1, err
    found = [(f["rule_id"], f["path"]) for f in json.loads(out)["findings"] if f["rule_id"] in ("DKR001", "CORE004")]
    assert found == [("DKR001", f"Dockerfile.{_LONG}")]
    assert took < 20  # about a second of start-up and scan here


def _bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [" + ",".join([f"*{chr(96 + i)}"] * 9) + "]")
    return "\n".join([*lines, "ignored: *j"]) + "\n"


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        (
            ".hadolint.yaml",
            _bomb(),
            (
                ".hadolint.yaml:7:4: cannot read hadolint config: YAML expands to more than 1,000,000 nodes "
                "through aliases (an alias bomb?)"
            ),
        ),
        (
            ".deploylint.yaml",
            "a: " + "[" * 5000 + "]" * 5000 + "\n",
            (
                ".deploylint.yaml:1:1003: invalid YAML: YAML syntax error: while increasing flow level exceeded "
                "maximum nesting depth"
            ),
        ),
        (
            ".deploylint.toml",
            "a = " + "[" * 5000 + "1" + "]" * 5000 + "\n",
            ".deploylint.toml: invalid TOML: it nests too deeply to read",
        ),
        (".deploylint.toml", "file-timeout = inf\n", ".deploylint.toml: file-timeout: Input should be a finite number"),
        (".deploylint.yaml", "file-timeout: .nan\n", ".deploylint.yaml: file-timeout: Input should be a finite number"),
        (
            ".deploylint.toml",
            "file-timeout = 1e300\n",
            ".deploylint.toml: file-timeout: Input should be less than or equal to 86,400",
        ),
        (
            ".deploylint.toml",
            "max-file-size = 9223372036854775807\n",
            ".deploylint.toml: max-file-size: Input should be less than or equal to 1,073,741,824",
        ),
    ],
)
def test_hostile_config_is_one_line_config_error(tmp_path: Path, name: str, text: str, line: str) -> None:
    root = _repo(tmp_path, {name: text})
    code, out, err, took = _check(root)
    assert (code, out) == (2, "")
    assert err == f"deploylint: config error: {root.resolve()}/{line}\n"
    assert took < 10  # the one second of the issue, with room for interpreter start on a busy box
