"""The scan's cached resolver agrees with ``Path.resolve``."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from deploylint.paths import clear_cache, resolve


def _tree(tmp: Path) -> None:
    (tmp / "real" / "sub").mkdir(parents=True)
    (tmp / "real" / "sub" / "f.txt").write_text("x", encoding="utf-8")
    (tmp / "link").symlink_to(tmp / "real")
    (tmp / "real" / "sub" / "alias.txt").symlink_to(tmp / "real" / "sub" / "f.txt")
    (tmp / "loop").symlink_to(tmp / "loop2")
    (tmp / "loop2").symlink_to(tmp / "loop")


def test_symlinked_folder_file_and_dotdot(tmp_path: Path) -> None:
    _tree(tmp_path)
    clear_cache()
    real = (tmp_path / "real").resolve()
    assert resolve(tmp_path / "link" / "sub" / "f.txt") == real / "sub" / "f.txt"
    assert resolve(tmp_path / "real" / "sub" / "alias.txt") == real / "sub" / "f.txt"
    assert resolve(tmp_path / "link" / "sub" / "..") == real
    assert resolve(tmp_path / "link" / "missing" / "x") == real / "missing" / "x"


def test_cache_is_cleared_between_scans(tmp_path: Path) -> None:
    _tree(tmp_path)
    clear_cache()
    assert resolve(tmp_path / "link" / "sub" / "f.txt") == (tmp_path / "real" / "sub" / "f.txt").resolve()
    (tmp_path / "link").unlink()
    (tmp_path / "other" / "sub").mkdir(parents=True)
    (tmp_path / "link").symlink_to(tmp_path / "other")
    clear_cache()
    assert resolve(tmp_path / "link" / "sub" / "f.txt") == (tmp_path / "other" / "sub" / "f.txt").resolve()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["real", "link", "sub", "..", ".", "f.txt", "alias.txt", "nope"]), max_size=5))
def test_agrees_with_path_resolve(tmp_path_factory: object, parts: list[str]) -> None:
    base = Path(tmp_path_factory.getbasetemp()) / "resolver"  # type: ignore[attr-defined]
    if not base.exists():
        base.mkdir()
        _tree(base)
    clear_cache()
    path = base.joinpath(*parts)
    assert resolve(path) == path.resolve()
