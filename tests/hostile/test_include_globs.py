"""nginx include globs (issue #18, item 4): a glob aimed outside the root is refused before any
folder is listed, the same way whether or not something there would match; inside the root a glob
matches one path component at a time (``**`` is ``*``, as in nginx's glob(3)) and lists a bounded
number of folder entries."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from deploylint.engine import Engine
from deploylint.parsers.nginx import MAX_GLOB_ENTRIES
from deploylint.settings import Settings
from deploylint.testing import registry

Row = tuple[str, str, int, int, str]


@pytest.fixture
def listed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """Every folder the scan lists with os.scandir (the include glob's only way to list one)."""
    seen: list[Path] = []
    real = os.scandir

    def spy(path: object = ".") -> object:
        seen.append(Path(str(path)).resolve())
        return real(path)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "scandir", spy)
    yield seen


def _scan(root: Path, conf: str) -> tuple[list[Row], float]:
    (root / "nginx.conf").write_text(conf, encoding="utf-8")
    settings = Settings(jobs=1, root=root.resolve(), fail_on=None, select=["NGX038", "NGX039", "NGX045", "NGX000"])
    start = time.monotonic()
    report = Engine(settings, registry()).run([root])
    took = time.monotonic() - start
    rows = [
        (
            Path(f.location.path).name,
            f.rule_id,
            f.location.span.start_line,
            f.location.span.start_col,
            f.message,
        )
        for f in report.findings
    ]
    return rows, took


def _outside_listed(listed: list[Path], tmp_path: Path, root: Path) -> list[Path]:
    """Folders of the test's tree, outside the scanned root, that were listed."""
    top, inner = tmp_path.resolve(), root.resolve()
    return [p for p in listed if p.is_relative_to(top) and not p.is_relative_to(inner)]


def _tree(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "project" / "nginx"
    root.mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    return root, outside


@pytest.mark.parametrize("present", [True, False], ids=["secret-exists", "no-secret"])
def test_glob_aimed_outside_is_refused_without_listing(tmp_path: Path, listed: list[Path], present: bool) -> None:
    root, outside = _tree(tmp_path)
    if present:
        (outside / "secret1.txt").write_text("server_tokens on;\n", encoding="utf-8")
    rows, took = _scan(root, "http {\n    include ../../outside/secret*.txt;\n}\n")
    # the same finding whether or not an outside file would match: no existence oracle
    assert rows == [
        (
            "nginx.conf",
            "NGX038",
            2,
            5,
            'include "../../outside/secret*.txt" points outside the scanned root; not read',
        )
    ]
    assert took < 10
    assert _outside_listed(listed, tmp_path, root) == []


def test_glob_over_the_whole_file_system_is_refused_at_once(tmp_path: Path, listed: list[Path]) -> None:
    root, _ = _tree(tmp_path)
    rows, took = _scan(root, "http {\n  include ../../../../**/id_rsa*;\n  include /**/*.pem;\n}\n")
    assert rows == [
        ("nginx.conf", "NGX038", 2, 3, 'include "../../../../**/id_rsa*" points outside the scanned root; not read'),
        ("nginx.conf", "NGX038", 3, 3, 'include "/**/*.pem" points outside the scanned root; not read'),
    ]
    assert took < 10
    assert _outside_listed(listed, tmp_path, root) == []


def test_symlinked_folder_inside_the_root_is_not_listed(tmp_path: Path, listed: list[Path]) -> None:
    if not hasattr(os, "symlink"):
        pytest.skip("needs symlinks")
    root, outside = _tree(tmp_path)
    (outside / "a.conf").write_text("server_tokens on;\n", encoding="utf-8")
    (root / "conf.d").symlink_to(outside, target_is_directory=True)
    (root / "sites").mkdir()
    (root / "sites" / "inner").symlink_to(outside, target_is_directory=True)
    rows, _ = _scan(root, "http {\n  include conf.d/*.conf;\n  include sites/*/*.conf;\n}\n")
    assert rows == [
        ("nginx.conf", "NGX038", 2, 3, 'include "conf.d/*.conf" points outside the scanned root; not read'),
        ("nginx.conf", "NGX038", 3, 3, 'include "sites/*/*.conf" points outside the scanned root; not read'),
    ]
    assert outside.resolve() not in listed


def test_double_star_is_one_component_not_a_walk(tmp_path: Path) -> None:
    root, _ = _tree(tmp_path)
    deep = root / "a"
    for i in range(40):  # a deep tree inside the root: nothing walks it
        deep = deep / f"d{i}"
    deep.mkdir(parents=True)
    (root / "a" / "d0" / "x.conf").write_text("include a/d0/x.conf;\n", encoding="utf-8")
    (deep / "x.conf").write_text("include nginx.conf;\n", encoding="utf-8")
    rows, took = _scan(root, "http {\n  include a/**/x.conf;\n}\n")
    # only a/d0/x.conf matches (it includes itself); the one 40 folders down is never reached
    assert rows == [("x.conf", "NGX039", 1, 1, 'include "a/d0/x.conf" includes x.conf again (include cycle)')]
    assert took < 10
    _rmtree(root / "a")


def test_glob_listing_a_huge_folder_is_not_followed(tmp_path: Path) -> None:
    root, _ = _tree(tmp_path)
    big = root / "big"
    big.mkdir()
    for i in range(MAX_GLOB_ENTRIES + 1):
        (big / f"f{i}").touch()
    rows, took = _scan(root, "http {\n  include big/*.conf;\n}\n")
    assert rows == [
        ("nginx.conf", "NGX045", 2, 3, 'include "big/*.conf" lists more than 10,000 folder entries; not followed')
    ]
    assert took < 20


def _rmtree(top: Path) -> None:
    """Remove a deep tree without recursion (pytest's own cleanup recurses)."""
    for dirpath, dirnames, filenames in os.walk(top, topdown=False):
        for name in filenames:
            os.unlink(os.path.join(dirpath, name))
        for name in dirnames:
            os.rmdir(os.path.join(dirpath, name))
    top.rmdir()
