"""Issue 18, the fourth probe: the classes of the issue tried a fourth time, with inputs the first
three rounds left out. Each defect it found is a case here: the exact message or exit code, with a
time bound, and a memory bound where memory was at stake."""

from __future__ import annotations

from pathlib import Path

from tests.hostile.test_fresh_probe import _deploylint, _repo

# --- what the tool writes: the cache folder a repository's config names ------------------------------


def test_a_repository_config_cannot_send_the_cache_out_of_the_root(tmp_path: Path) -> None:
    """``cache-dir = "../../elsewhere"`` (or an absolute path, or a link in the repository to a
    folder outside) in the repository's own config made the scan create that folder and write its
    key and entries there: a pull request chose where the scan writes. It is now one config-error
    line and exit 2, and nothing is created; ``--cache-dir`` still names any folder."""
    root = _repo(tmp_path / "repo")
    outside = tmp_path / "outside"
    (root / "lnk").symlink_to(tmp_path)
    for value in ("../outside/deep", str(outside), "lnk/outside"):
        (root / "pyproject.toml").write_text(f'[tool.deploylint]\ncache-dir = "{value}"\n')
        code, out, err, took = _deploylint(root, "check", ".")
        assert (code, out) == (2, ""), value
        assert err == (
            f"deploylint: config error: {root / 'pyproject.toml'}: cache-dir {value!r} is outside the scanned root"
            f" {root}: a config in the repository keeps its cache inside it (--cache-dir or $DEPLOYLINT_CACHE_DIR"
            " name a folder elsewhere)\n"
        )
        assert took < 20
        assert not outside.exists()
    (root / "pyproject.toml").write_text('[tool.deploylint]\ncache-dir = "build/lint-cache"\n')
    code, _out, _err, _took = _deploylint(root, "check", ".", "-q")
    assert code == 1
    assert (root / "build" / "lint-cache" / "files").is_dir()
    code, _out, _err, _took = _deploylint(root, "check", ".", "-q", "--cache-dir", str(outside))
    assert code == 1
    assert (outside / "files").is_dir()
