""".gitignore matching (deploylint.gitignore) against what git answers.

Every expected value in CASES was taken from ``git check-ignore --no-index -v`` (git 2.39) in a
temporary repository when the case was written: the .gitignore text, a path (created on disk as
a folder or a file) and the line ``-v`` names, negative for a ``!`` pattern that keeps the path,
None when no pattern matches. ``test_cases_still_agree_with_git`` asks git again when it is
installed; the property tests compare random patterns and trees with git.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from itertools import count
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deploylint.discovery import discover
from deploylint.gitignore import GitIgnore
from deploylint.settings import Settings

# (.gitignore text, path, is a folder, the deciding line as git -v names it)
CASES: list[tuple[str, str, bool, int | None]] = [
    ("# a comment\n\nfoo\n", "foo", False, 3),
    ("# foo\n", "# foo", False, None),
    ("\\#foo\n", "#foo", False, 1),
    ("#foo\n", "#foo", False, None),
    (" #foo\n", " #foo", False, 1),
    ("\n\n\nbar\n", "bar", False, 4),
    ("foo   \n", "foo", False, 1),
    ("foo\\ \n", "foo ", False, 1),
    ("foo\\ \n", "foo", False, None),
    ("foo \\ \n", "foo  ", False, 1),
    ("foo\t\n", "foo", False, None),
    ("foo\t\n", "foo\t", False, 1),
    ("foo\r\n", "foo", False, 1),
    ("\ufefffoo\n", "foo", False, 1),
    ("foo", "foo", False, 1),
    ("   \n", "   ", False, None),
    ("\\!important\n", "!important", False, 1),
    ("foo\\\n", "foo", False, None),
    ("foo\\\n", "foo\\", False, None),
    ("\\*\n", "*", False, 1),
    ("\\*\n", "x", False, None),
    ("a\\bc\n", "abc", False, 1),
    ("\\ \n", " ", False, 1),
    ("*.log\n!keep.log\n", "keep.log", False, -2),
    ("*.log\n!keep.log\n", "other.log", False, 1),
    ("!keep.log\n*.log\n", "keep.log", False, 2),
    ("*.log\n!keep.log\n", "sub/keep.log", False, -2),
    ("build/\n!build/keep.txt\n", "build/keep.txt", False, 1),
    ("build\n!build/keep.txt\n", "build/keep.txt", False, 1),
    ("build/*\n!build/keep.txt\n", "build/keep.txt", False, -2),
    ("build/*\n!build/keep.txt\n", "build/other.txt", False, 1),
    ("/*\n!/src/\n", "src/main.c", False, None),
    ("/*\n!/src/\n", "docs/a.md", False, 1),
    ("/*\n!/src/\n", "src", True, -2),
    ("a/\n!a/b/\n", "a/b/c", False, 1),
    ("!foo\n", "foo", False, -1),
    ("!\n", "x", False, None),
    ("*\n!*/\n!*.py\n", "pkg/mod.py", False, -3),
    ("*\n!*/\n!*.py\n", "pkg/mod.txt", False, 1),
    ("*\n!*/\n", "pkg", True, -2),
    ("*\n!*/\n", "pkg/sub", True, -2),
    ("foo/\n!foo\n", "foo", True, -2),
    ("foo\n!foo/\n", "foo", True, -2),
    ("foo\n!foo/\n", "foo", False, 1),
    ("/foo\n", "foo", False, 1),
    ("/foo\n", "sub/foo", False, None),
    ("foo\n", "sub/deep/foo", False, 1),
    ("foo/bar\n", "foo/bar", False, 1),
    ("foo/bar\n", "x/foo/bar", False, None),
    ("/foo/bar\n", "foo/bar", False, 1),
    ("foo/bar/\n", "foo/bar", True, 1),
    ("foo/bar/\n", "foo/bar", False, None),
    ("doc/*.txt\n", "doc/notes.txt", False, 1),
    ("doc/*.txt\n", "doc/server/arch.txt", False, None),
    ("./foo\n", "foo", False, None),
    ("//foo\n", "foo", False, None),
    ("foo/\n", "foo", True, 1),
    ("foo/\n", "foo", False, None),
    ("foo/\n", "foo/x", False, 1),
    ("foo/\n", "a/foo/x", False, 1),
    ("foo/\n", "a/foo", False, None),
    ("foo//\n", "foo", True, None),
    ("/\n", "x", True, None),
    ("*/\n", "x", False, None),
    ("*/\n", "x/y", False, 1),
    ("*.log\n", "a.log", False, 1),
    ("*.log\n", "deep/er/a.log", False, 1),
    ("*.log\n", "a.log/x", False, 1),
    ("*.log\n", "alog", False, None),
    ("*\n", "anything", False, 1),
    ("a*\n", "a", False, 1),
    ("a*b\n", "ab", False, 1),
    ("a*b\n", "axxb", False, 1),
    ("a*b\n", "a/b", False, None),
    ("a/*\n", "a/b", False, 1),
    ("a/*\n", "a/b/c", False, 1),
    ("a/*\n", "a", True, None),
    ("a/*/c\n", "a/b/c", False, 1),
    ("a/*/c\n", "a/c", False, None),
    ("a/*/c\n", "a/b/x/c", False, None),
    ("*a*a*a*b\n", "xaayaab", False, 1),
    ("*a*a*a*b\n", "aab", False, None),
    ("x*\n", "yx", False, None),
    ("?\n", "a", False, 1),
    ("?\n", "ab", False, None),
    ("a?c\n", "abc", False, 1),
    ("a?c\n", "ac", False, None),
    ("a?c\n", "a/c", False, None),
    ("a/?\n", "a/b", False, 1),
    ("?\n", "é", False, None),
    ("??\n", "é", False, 1),
    ("caf?\n", "café", False, None),
    ("caf??\n", "café", False, 1),
    ("[ab]\n", "a", False, 1),
    ("[ab]\n", "c", False, None),
    ("[a-c]x\n", "bx", False, 1),
    ("[a-c]x\n", "dx", False, None),
    ("[!a-c]x\n", "dx", False, 1),
    ("[!a-c]x\n", "ax", False, None),
    ("[^a]\n", "b", False, 1),
    ("[^a]\n", "a", False, None),
    ("[]a]\n", "]", False, 1),
    ("[]a]\n", "a", False, 1),
    ("[!]a]\n", "b", False, 1),
    ("[!]a]\n", "]", False, None),
    ("[a-]\n", "-", False, 1),
    ("[-a]\n", "-", False, 1),
    ("[a\\]]\n", "]", False, 1),
    ("[\\!]\n", "!", False, 1),
    ("[ab\n", "a", False, None),
    ("[ab\n", "[ab", False, None),
    ("[[:digit:]]x\n", "7x", False, 1),
    ("[[:digit:]]x\n", "ax", False, None),
    ("[[:alpha:]]\n", "Q", False, 1),
    ("[[:upper:][:digit:]]\n", "5", False, 1),
    ("[[:space:]]\n", " ", False, 1),
    ("[[:punct:]]\n", "_", False, 1),
    ("[[:xdigit:]]\n", "f", False, 1),
    ("[[:xdigit:]]\n", "g", False, None),
    ("[[:foo:]]\n", "f", False, None),
    ("[[:alpha]\n", "a", False, 1),
    ("[[:alpha]\n", ":", False, 1),
    ("[a-c-e]\n", "-", False, 1),
    ("[a-c-e]\n", "d", False, None),
    ("[c-a]\n", "b", False, None),
    ("a[/]b\n", "a/b", False, None),
    ("[é]\n", "é", False, None),
    ("**/foo\n", "foo", False, 1),
    ("**/foo\n", "a/b/foo", False, 1),
    ("**/foo/bar\n", "x/foo/bar", False, 1),
    ("**/foo/bar\n", "foo/bar", False, 1),
    ("abc/**\n", "abc/x/y", False, 1),
    ("abc/**\n", "abc", True, None),
    ("abc/**\n", "abc", False, None),
    ("a/**/b\n", "a/b", False, 1),
    ("a/**/b\n", "a/x/b", False, 1),
    ("a/**/b\n", "a/x/y/b", False, 1),
    ("a/**/b\n", "a/xb", False, None),
    ("a/**/b\n", "x/a/b", False, None),
    ("a/**/**/b\n", "a/b", False, 1),
    ("**\n", "x/y", False, 1),
    ("/**\n", "x", False, 1),
    ("**/\n", "x", True, 1),
    ("**/\n", "x", False, None),
    ("a**b\n", "axb", False, 1),
    ("a**b\n", "a/x/b", False, None),
    ("**b\n", "x/ab", False, 1),
    ("x/a**b\n", "x/a/b", False, None),
    ("x/**b\n", "x/ab", False, 1),
    ("x/**b\n", "x/a/b", False, None),
    ("x/b**\n", "x/b/c", False, 1),
    ("a/***/b\n", "a/x/y/b", False, 1),
    ("foo**/bar\n", "foobar", False, 1),
    ("foo**/bar\n", "foox/y/bar", False, 1),
    ("a/**\\/b\n", "a/b", False, None),
    ("a/**\\/b\n", "a/x/b", False, 1),
    ("**/a/**/b/**\n", "x/a/y/b/z", False, 1),
    ("**/a/**/b/**\n", "x/a/y/b", True, None),
    ("a/**/b/\n", "a/x/b", True, 1),
    ("a/**/b/\n", "a/x/b", False, None),
    ("a/**/b/\n", "a/x/b/c", False, 1),
    ("a/**/*.c\n", "a/x/y.c", False, 1),
    ("a/**/*.c\n", "a/y.c", False, 1),
    ("a\nb\na\n", "a", False, 3),
    ("*.c\n!x.c\nx.c\n", "x.c", False, 3),
    ("*.c\n!x.c\n\n# c\n", "x.c", False, -2),
    ("logs/\n", "srv/logs/2024/01/app.log", False, 1),
    ("/srv/tmp\n", "srv/tmp/a/b", False, 1),
    ("*.d/\n!keep\n", "x.d/keep", False, 1),
]


@pytest.mark.parametrize(("text", "path", "is_dir", "line"), CASES)
def test_deciding_line_is_gits(text: str, path: str, is_dir: bool, line: int | None) -> None:
    gi = GitIgnore.from_text(text)
    assert gi.deciding_line(path, is_dir) == line
    assert gi.ignored_with_parents(path, is_dir) is (line is not None and line > 0)


def test_the_table_is_large_and_mixed() -> None:
    verdicts = [line is not None and line > 0 for _, _, _, line in CASES]
    assert len(CASES) >= 150
    assert 60 <= sum(verdicts) <= len(CASES) - 60
    assert sum(1 for *_, line in CASES if line is not None and line < 0) >= 10


@pytest.mark.parametrize(
    ("text", "path", "is_dir", "itself", "with_parents"),
    [
        # the path alone, against the path under an ignored folder (git's answer is with_parents)
        ("foo/\n", "foo/x", False, False, True),
        ("foo/\n", "foo", True, True, True),
        ("build/\n!build/keep.txt\n", "build/keep.txt", False, False, True),
        ("/a\n", "a/b/c", False, False, True),
        ("*.log\n", "x.log/y", False, False, True),
        ("*.log\n", "x.log", False, True, True),
        ("a/**\n", "a/b", True, True, True),
        ("a/**\n", "a", True, False, False),
        ("a/\n!a/\n", "a/b", False, False, False),
        ("dir/\n", "dir", False, False, False),
        ("x\n", ".", True, False, False),
        ("x\n", "", True, False, False),
    ],
)
def test_ignored_alone_and_with_parents(text: str, path: str, is_dir: bool, itself: bool, with_parents: bool) -> None:
    gi = GitIgnore.from_text(text)
    assert (gi.ignored(path, is_dir), gi.ignored_with_parents(path, is_dir)) == (itself, with_parents)


def test_empty_and_comment_only_files_hold_no_pattern() -> None:
    assert not GitIgnore.from_text("")
    assert not GitIgnore.from_text("# only\n\n#another\n")
    assert GitIgnore.from_text("\\#x\n")


# --- against git itself ---------------------------------------------------------------------

_GIT = shutil.which("git")
needs_git = pytest.mark.skipif(_GIT is None, reason="git is not installed: cannot compare with git check-ignore")


class _Repo:
    """A scratch repository; each case or example gets a folder of its own with its .gitignore."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._next = count()
        # no user or system config, no template (info/exclude), no global excludes file
        self.env = {
            **os.environ,
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
            "HOME": str(root),
            "XDG_CONFIG_HOME": str(root),
        }
        assert _GIT is not None
        subprocess.run([_GIT, "init", "-q", "--template=", str(root)], check=True, env=self.env)

    def case(self, text: str, paths: dict[str, bool]) -> str:
        """A fresh folder holding ``text`` as .gitignore and ``paths`` (True: a folder); its name."""
        name = f"c{next(self._next)}"
        base = self.root / name
        base.mkdir()
        (base / ".gitignore").write_bytes(text.encode("utf-8", "surrogateescape"))
        for path, is_dir in sorted(paths.items()):
            full = base / path
            if is_dir:
                full.mkdir(parents=True, exist_ok=True)
            else:
                full.parent.mkdir(parents=True, exist_ok=True)
                full.touch()
        return name

    def decide(self, paths: list[str]) -> dict[str, int | None]:
        """``git check-ignore -v`` on all of ``paths`` in one call: the deciding line of each."""
        assert _GIT is not None
        proc = subprocess.run(
            [_GIT, "-C", str(self.root), "check-ignore", "--no-index", "--stdin", "-z", "-v", "-n"],
            input="".join(p + "\0" for p in paths).encode("utf-8", "surrogateescape"),
            capture_output=True,
            env=self.env,
            check=False,
        )
        assert proc.returncode in (0, 1), proc.stderr
        fields = proc.stdout.decode("utf-8", "surrogateescape").split("\0")
        out: dict[str, int | None] = {}
        for i in range(0, len(fields) - 1, 4):
            _source, line, pattern, path = fields[i : i + 4]
            out[path] = None if not line else -int(line) if pattern.startswith("!") else int(line)
        assert sorted(out) == sorted(paths)
        return out


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Repo]:
    if _GIT is None:
        pytest.skip("git is not installed: cannot compare with git check-ignore")
    yield _Repo(tmp_path_factory.mktemp("gitignore-repo"))


@needs_git
def test_cases_still_agree_with_git(repo: _Repo) -> None:
    queries = [f"{repo.case(text, {path: is_dir})}/{path}" for text, path, is_dir, _ in CASES]
    answers = repo.decide(queries)
    assert [answers[q] for q in queries] == [line for *_, line in CASES]


_PIECES = [
    "a",
    "b",
    "ab",
    "*",
    "**",
    "/",
    "?",
    "[ab]",
    "[!a]",
    "[a-b]",
    "[]a]",
    "\\*",
    "\\",
    " ",
    "!",
    "#",
    "**/",
    "/**",
]
_NAMES = ["a", "b", "ab", "ba", "aa", "a b", "b*"]

_patterns = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=6).map("".join)
_texts = st.lists(_patterns, min_size=1, max_size=4).map(lambda lines: "\n".join(lines) + "\n")
_trees = st.lists(st.lists(st.sampled_from(_NAMES), min_size=1, max_size=4).map("/".join), min_size=1, max_size=8)


def _layout(leaves: list[str], dirs: list[bool]) -> dict[str, bool]:
    """Every path of the tree and its parents; a parent is a folder, a leaf a folder or a file."""
    out: dict[str, bool] = {}
    for leaf, is_dir in zip(leaves, dirs, strict=False):
        parts = leaf.split("/")
        for k in range(1, len(parts)):
            out["/".join(parts[:k])] = True
        out.setdefault(leaf, is_dir)
    return out


@needs_git
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_texts, leaves=_trees, dirs=st.lists(st.booleans(), min_size=8, max_size=8))
def test_random_patterns_agree_with_git(repo: _Repo, text: str, leaves: list[str], dirs: list[bool]) -> None:
    paths = _layout(leaves, dirs)
    name = repo.case(text, paths)
    answers = repo.decide([f"{name}/{p}" for p in paths])
    gi = GitIgnore.from_text(text)
    ours = {f"{name}/{p}": gi.deciding_line(p, is_dir) for p, is_dir in paths.items()}
    assert ours == answers


@settings(max_examples=300, deadline=None)
@given(text=_texts, path=st.lists(st.sampled_from(_NAMES), min_size=1, max_size=6).map("/".join), is_dir=st.booleans())
def test_with_parents_is_the_first_ignored_parent_then_the_path(text: str, path: str, is_dir: bool) -> None:
    """The one-pass answer for all parents equals asking for each parent folder in turn."""
    gi = GitIgnore.from_text(text)
    parts = path.split("/")
    parents = ["/".join(parts[:k]) for k in range(1, len(parts))]
    expected = any(gi.ignored(p, True) for p in parents) or gi.ignored(path, is_dir)
    assert gi.ignored_with_parents(path, is_dir) is expected


# --- in discovery -----------------------------------------------------------------------------


def _tree(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return root


def test_discovery_applies_every_line_and_negation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _tree(
        tmp_path,
        {
            ".git/HEAD": "",
            ".gitignore": "*a*a*a*a*a*b*\n/deploy/*\n!/deploy/prod/\n**/tmp/**\n",
            "Dockerfile.aaaaab": "FROM x\n",
            "deploy/dev/Dockerfile": "FROM x\n",
            "deploy/prod/Dockerfile": "FROM x\n",
            "svc/tmp/Dockerfile": "FROM x\n",
            "svc/Dockerfile": "FROM x\n",
        },
    )
    monkeypatch.chdir(root)
    found = discover([root], Settings(jobs=1, root=root.resolve()), root.resolve())
    assert [t.path.relative_to(root).as_posix() for t in found.targets] == ["deploy/prod/Dockerfile", "svc/Dockerfile"]
    assert sorted((p.display, p.reason) for p in found.passed_over) == [
        ("Dockerfile.aaaaab", "ignored by .gitignore"),
        ("deploy/dev/", "ignored by .gitignore"),
        ("svc/tmp/Dockerfile", "ignored by .gitignore"),
    ]
    assert found.skipped == []


def test_discovery_from_inside_an_ignored_folder(tmp_path: Path) -> None:
    """Walking from a folder below an ignored one: its parents are checked once, all below is ignored."""
    root = _tree(tmp_path, {".git/HEAD": "", ".gitignore": "build/\n", "build/out/Dockerfile": "FROM x\n"})
    _tree(root, {"src/Dockerfile": "FROM x\n"})
    found = discover([root / "build" / "out"], Settings(jobs=1, root=root.resolve()), root.resolve())
    assert found.targets == []
    assert [p.reason for p in found.passed_over] == ["ignored by .gitignore"]
    found = discover([root / "src"], Settings(jobs=1, root=root.resolve()), root.resolve())
    assert [t.path.relative_to(root).as_posix() for t in found.targets] == ["src/Dockerfile"]
