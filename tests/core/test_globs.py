"""One glob compiler serves per-file settings, excludes and ``.dockerignore``."""

from __future__ import annotations

import pytest

from deploylint.kinds import glob_match, glob_regex
from deploylint.models.dockerfile import ignore_match


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("docs/*.md", "docs/a.md", True),
        ("docs/*.md", "docs/sub/a.md", False),
        ("docs/**/*.md", "docs/sub/deep/a.md", True),
        ("docs/**/*.md", "docs/a.md", True),
        ("**/node_modules", "a/b/node_modules/x.js", True),
        ("build/", "build/out.txt", True),
        ("build/", "build", False),
        ("src/?.py", "src/a.py", True),
        ("src/?.py", "src/ab.py", False),
        ("a.b/c", "aXb/c", False),
    ],
)
def test_glob_regex(pattern: str, path: str, expected: bool) -> None:
    assert (glob_regex(pattern).match(path) is not None) is expected


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("node_modules", "node_modules/x/y.js", True),
        ("/node_modules/", "node_modules", True),  # a trailing slash does not restrict to folders
        ("./dist", "dist/app.js", True),
        ("**/*.log", "a/b/c.log", True),
        ("*.log", "a/c.log", False),  # unlike .gitignore, a bare name is anchored at the context root
        (".env*", ".env.local", True),
    ],
)
def test_dockerignore_lines(pattern: str, path: str, expected: bool) -> None:
    assert ignore_match(pattern, path) is expected


def test_a_bare_name_matches_anywhere_in_settings_globs() -> None:
    assert glob_match("a/b/c.log", "*.log")
    assert glob_match("vendor/x/Dockerfile", "vendor/")
    assert not glob_match("src/Dockerfile", "vendor/")
