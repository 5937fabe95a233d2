"""Issue 18, item 10: a hostile .gitignore cannot stall discovery.

deploylint.gitignore matches each line in time linear in the path (times the pattern): the
patterns that make a backtracking glob regex exponential (many ``*`` against a long name, many
``**`` against a deep path) are answered in milliseconds. Each check runs in a fresh interpreter
with a generous CPU bound and a wall-clock timeout, so a regression fails instead of hanging.
"""

from __future__ import annotations

from tests.hostile.conftest import measured

_DEEP = "/".join(["a"] * 2000)

_MATCHES = f"""
from deploylint.gitignore import GitIgnore

def ask(text, path, is_dir=False):
    gi = GitIgnore.from_text(text)
    return [gi.ignored(path, is_dir), gi.ignored_with_parents(path, is_dir)]

name = "a" * 10000
deep = {_DEEP!r}
result = [
    ask("*a*a*a*a*a*a*a*a*b\\n", name),
    ask("*a*a*a*a*a*a*a*a*b\\n", name + "b"),
    ask("*a" * 40 + "*b\\n", name),
    ask("x/*a*a*a*a*a*a*a*a*b\\n", "x/" + name),
    ask("a/**/a/**/a/**/a/**/b\\n", deep),
    ask("a/**/a/**/a/**/a/**/b\\n", deep + "/b"),
    ask("**/x/**/b\\n", deep),
    ask("**/a/a/a/a/a/a/a/a/a/b/**\\n", deep),
    ask("a/**/" * 50 + "b\\n", deep, True),
    ask(("*a" * 30 + "*b\\n") * 200, name[:2000]),
    ask("/".join(["a"] * 1999) + "/b\\n", deep),
    ask("/".join(["a"] * 1999) + "/\\n", deep + "/c"),
]
"""


def test_catastrophic_patterns_match_in_linear_time() -> None:
    result = measured(_MATCHES, 10, 300)
    assert result == [
        [False, False],
        [True, True],
        [False, False],
        [False, False],
        [False, False],
        [True, True],
        [False, False],
        [False, False],
        [False, False],
        [False, False],
        [False, False],
        [False, True],  # its parent a/.../a (1,999 deep) is the ignored folder
    ]


_DISCOVER = """
from pathlib import Path
import tempfile
from deploylint.discovery import discover
from deploylint.settings import Settings

with tempfile.TemporaryDirectory() as tmp:
    root = Path(tmp)
    (root / ".git").mkdir()
    lines = ["*a" * 60 + "*b", "/x/" + "**/a" * 60 + "/b", "**/" * 60 + "c*c*c*c*c*c*c*d"]
    (root / ".gitignore").write_text("\\n".join(lines * 50) + "\\n")
    deep = root / "x" / Path(*["a"] * 60)
    deep.mkdir(parents=True)
    (deep / "Dockerfile").write_text("FROM x\\n")
    (root / ("Dockerfile." + "a" * 200)).write_text("FROM x\\n")
    (root / ("Dockerfile." + "a" * 200 + "b")).write_text("FROM x\\n")
    found = discover([root], Settings(jobs=1, root=root.resolve()), root.resolve())
    result = [sorted(t.path.name for t in found.targets), [s.reason for s in found.skipped]]
"""


def test_wild_gitignore_lines_do_not_stall_discovery() -> None:
    assert measured(_DISCOVER, 10, 300) == [["Dockerfile", "Dockerfile." + "a" * 200], []]
