"""Special files, explicit symlinks and files swapped after discovery (issue #18, items 1-3): each is
refused with a positioned CORE004 before it is opened or read, within a time bound, and nothing of
an outside file reaches any output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from deploylint.discovery import discover, find_root
from deploylint.engine import Engine
from deploylint.parsers import ParseEnv
from deploylint.settings import Settings

posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX special files")


#: the address space the scan may use: a read without bound (a character device, /dev/zero) dies
#: of it (MemoryError, no report) instead of taking the machine's memory
MEMORY_LIMIT = 1536 * 2**20


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _scan(cwd: Path, *args: str, timeout: float = 30) -> tuple[int, dict[str, object], float]:
    start = time.monotonic()
    res = subprocess.run(
        [sys.executable, "-m", "deploylint", "check", "--format", "json", "--fail-on", "never", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        preexec_fn=_limit_memory if sys.platform != "win32" else None,
    )
    assert "Traceback" not in res.stderr, res.stderr[-2000:]
    return res.returncode, json.loads(res.stdout), time.monotonic() - start


def _core004(report: dict[str, object]) -> list[tuple[str, str]]:
    return sorted((f["path"], f["message"]) for f in report["findings"] if f["rule_id"] == "CORE004")  # type: ignore[attr-defined,index]


@posix_only
def test_a_fifo_named_like_an_artifact_is_refused_without_blocking(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    os.mkfifo(tmp_path / "Dockerfile")
    (tmp_path / "sub").mkdir()
    os.mkfifo(tmp_path / "sub" / "compose.yaml")
    code, report, took = _scan(tmp_path, "Dockerfile", "sub/compose.yaml")
    assert code == 0
    assert _core004(report) == [
        ("Dockerfile", "Dockerfile: a named pipe (FIFO), not a regular file; not read"),
        ("sub/compose.yaml", "sub/compose.yaml: a named pipe (FIFO), not a regular file; not read"),
    ]
    assert took < 20  # the 10 s per-file budget never fired: nothing blocked


@posix_only
def test_a_fifo_is_refused_with_the_budget_off_too(tmp_path: Path) -> None:
    """With ``file-timeout = 0`` nothing would ever interrupt a blocked ``open()``: the scan
    hung for ever. The type is checked on a descriptor opened with O_NONBLOCK, so it cannot block."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text("[tool.deploylint]\nfile-timeout = 0\n")
    for name in ("Dockerfile", "compose.yaml", "nginx.conf", "Dockerfile.a", "Dockerfile.b"):
        os.mkfifo(tmp_path / name)
    code, report, took = _scan(tmp_path, ".")
    assert code == 0
    assert [p for p, _ in _core004(report)] == [
        "Dockerfile",
        "Dockerfile.a",
        "Dockerfile.b",
        "compose.yaml",
        "nginx.conf",
    ]
    assert all(m.endswith("a named pipe (FIFO), not a regular file; not read") for _, m in _core004(report))
    assert took < 20


@posix_only
def test_a_character_device_named_dockerfile_is_not_read(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    try:
        os.mknod(tmp_path / "Dockerfile", 0o600 | 0o020000, os.makedev(1, 5))  # /dev/zero's numbers
    except (PermissionError, OSError):
        pytest.skip("creating a device node needs root")
    _code, report, took = _scan(tmp_path, ".")
    assert _core004(report) == [("Dockerfile", "Dockerfile: a character device, not a regular file; not read")]
    assert took < 20


@posix_only
def test_an_explicit_symlink_out_of_the_repository_is_refused(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("FROM TOPSECRET-VALUE\n")
    (repo / "Dockerfile").symlink_to(outside / "secret.txt")
    (repo / "compose.yaml").symlink_to("/dev/zero")
    assert find_root(repo / "Dockerfile") == repo.resolve()  # the link does not move the root
    _code, report, took = _scan(repo, "Dockerfile", "compose.yaml")
    assert "TOPSECRET" not in json.dumps(report)
    assert [p for p, _ in _core004(report)] == ["Dockerfile", "compose.yaml"]
    assert all("outside the scanned root" in m for _, m in _core004(report))
    assert took < 20


@posix_only
def test_a_file_swapped_for_a_link_after_discovery_is_not_read(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    df = repo / "Dockerfile"
    df.write_text("FROM alpine:3.20\n")
    (tmp_path / "secret.txt").write_text("FROM TOPSECRET-VALUE\n")
    settings = Settings(root=repo.resolve())
    engine = Engine(settings)
    disc = discover([repo], settings, repo.resolve())
    assert [t.path.name for t in disc.targets] == ["Dockerfile"]
    df.unlink()
    df.symlink_to(tmp_path / "secret.txt")  # the swap
    env = ParseEnv(root=repo.resolve(), settings=settings)
    art, findings, _ = engine._load(disc.targets[0], repo.resolve(), env)
    assert art is None
    assert [(f.rule_id, f.message) for f in findings] == [
        ("CORE004", f"{disc.targets[0].display}: leads through a symlink to outside the scanned root; not read")
    ]


@posix_only
def test_files_read_for_links_refuse_special_files_too(tmp_path: Path) -> None:
    from deploylint.parsers import Refused

    (tmp_path / ".git").mkdir()
    os.mkfifo(tmp_path / "compose.override.yaml")
    env = ParseEnv(root=tmp_path.resolve(), settings=Settings())
    with pytest.raises(Refused, match="named pipe"):
        env.read(tmp_path / "compose.override.yaml")


@posix_only
@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_a_special_gitignore_neither_blocks_nor_fills_memory(tmp_path: Path, kind: str) -> None:
    """Re-probe of item 1: discovery read ``.gitignore`` with ``read_text``: as a FIFO the scan
    hung for ever, as a link to /dev/zero it died of MemoryError (traceback). Side files
    (.gitignore, configs, the refs cache) are now read like scanned ones: not a regular file, or
    above 5 MiB, and they are not read; the scan goes on without them."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\nUSER app\nHEALTHCHECK CMD true\n")
    if kind == "fifo":
        os.mkfifo(tmp_path / ".gitignore")
    else:
        (tmp_path / ".gitignore").symlink_to("/dev/zero")
    code, report, took = _scan(tmp_path, ".", "--no-cache")
    found = [(f["rule_id"], f["path"], f["line"]) for f in report["findings"]]  # type: ignore[index,attr-defined]
    assert (code, found) == (0, [("DKR036", "Dockerfile", 2)])
    assert took < 20


@posix_only
def test_side_files_are_read_bounded_and_without_blocking(tmp_path: Path) -> None:
    from deploylint.paths import NotReadable, read_side_text

    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "big").write_bytes(b"x" * 101)
    (tmp_path / "ok").write_text("é\n", encoding="utf-8")
    with pytest.raises(NotReadable, match=r"^a named pipe \(FIFO\), not a regular file; not read$"):
        read_side_text(tmp_path / "fifo")
    with pytest.raises(NotReadable, match=r"^a character device, not a regular file; not read$"):
        read_side_text(Path("/dev/zero"))
    with pytest.raises(NotReadable, match=r"^larger than 100 bytes; not read$"):
        read_side_text(tmp_path / "big", 100)
    assert read_side_text(tmp_path / "ok") == "é\n"


@posix_only
def test_an_explicit_path_through_a_symlinked_folder_is_refused(tmp_path: Path) -> None:
    """Re-probe of item 2: ``deploylint check linked/Dockerfile``, where ``linked`` is a folder
    link in the repository to a folder outside it, moved the root there and echoed the outside
    file. The root is found from the folders as written, and a link on the path that leaves the
    root is refused, as discovery refuses it."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "Dockerfile").write_text("FROM TOPSECRET-VALUE\n")
    (outside / "compose.yaml").write_text("services:\n  web:\n    image: TOPSECRET-VALUE\n")
    (repo / "linked").symlink_to(outside)
    assert find_root(repo / "linked" / "Dockerfile") == repo.resolve()
    for fmt in ("json", "text", "sarif"):
        res = subprocess.run(
            [sys.executable, "-m", "deploylint", "check", "linked/Dockerfile", "linked/compose.yaml", "--format", fmt],
            cwd=repo,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
            preexec_fn=_limit_memory,
        )
        assert "TOPSECRET" not in res.stdout + res.stderr, fmt
    _code, report, took = _scan(repo, "linked/Dockerfile", "linked/compose.yaml", "linked")
    assert _core004(report) == [
        ("linked", "linked: symlink points outside the scanned root; not followed"),
        (
            "linked/Dockerfile",
            "linked/Dockerfile: a symlinked folder on this path points outside the scanned root; not followed",
        ),
        (
            "linked/compose.yaml",
            "linked/compose.yaml: a symlinked folder on this path points outside the scanned root; not followed",
        ),
    ]
    assert took < 20


@posix_only
def test_a_folder_swapped_for_a_link_after_discovery_is_not_read(tmp_path: Path) -> None:
    """Re-probe of item 3: the read-time check used the resolution cached at discovery, so a
    folder replaced by a link to outside between discovery and reading was read and echoed."""
    import shutil

    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "sub").mkdir()
    (repo / "sub" / "Dockerfile").write_text("FROM alpine:3.20\n")
    (repo / "sub" / "compose.yaml").write_text("services:\n  web:\n    image: nginx:1.27\n")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "Dockerfile").write_text("FROM TOPSECRET-VALUE\n")
    (outside / "compose.yaml").write_text("services: {web: {image: TOPSECRET}}\n")
    settings = Settings(root=repo.resolve())
    engine = Engine(settings)
    disc = discover([repo], settings, repo.resolve())
    assert sorted(t.path.name for t in disc.targets) == ["Dockerfile", "compose.yaml"]
    env = ParseEnv(root=repo.resolve(), settings=settings)
    env.confine(repo / "sub" / "compose.yaml")  # resolved once before the swap, as a reference would be
    shutil.rmtree(repo / "sub")
    (repo / "sub").symlink_to(outside)  # the swap
    for target in disc.targets:
        art, findings, _ = engine._load(target, repo.resolve(), env)
        assert art is None
        assert [(f.rule_id, f.message) for f in findings] == [
            ("CORE004", f"{target.display}: leads through a symlink to outside the scanned root; not read")
        ]
    from deploylint.parsers import Refused

    with pytest.raises(Refused, match="is outside the scanned root"):
        env.read(repo / "sub" / "compose.yaml")


@posix_only
@pytest.mark.skipif(os.open not in os.supports_dir_fd, reason="needs openat (dir_fd) to open folder by folder")
def test_a_folder_swapped_between_the_check_and_the_open_is_not_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last gap of item 3: the path is confined (resolved afresh, inside the root) and only then,
    before the open, a folder on it is swapped for a link to outside. ``O_NOFOLLOW`` guards only the
    last component; the read opens folder by folder from the root's descriptor, so the swapped
    folder is refused instead of followed."""
    import shutil

    import deploylint.engine.read as read_mod

    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "sub" / "deep").mkdir(parents=True)
    (repo / "sub" / "deep" / "Dockerfile").write_text("FROM alpine:3.20\n")
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "deep" / "Dockerfile").write_text("FROM TOPSECRET-VALUE\n")
    root = repo.resolve()
    monkeypatch.chdir(root)
    settings = Settings(root=root)
    engine = Engine(settings)
    disc = discover([repo], settings, root)
    assert [t.display for t in disc.targets] == ["sub/deep/Dockerfile"]
    checked = read_mod.confined

    def confined_then_swapped(path: Path, scan_root: Path) -> Path:
        real = checked(path, scan_root)  # inside the root when it was checked
        shutil.rmtree(repo / "sub")
        (repo / "sub").symlink_to(outside)  # the swap, after the check and before the open
        return real

    monkeypatch.setattr(read_mod, "confined", confined_then_swapped)
    art, findings, _ = engine._load(disc.targets[0], root, ParseEnv(root=root, settings=settings))
    assert art is None
    assert [(f.rule_id, f.message) for f in findings] == [
        ("CORE004", "sub/deep/Dockerfile: a folder on its path became a symlink after it was found; not read")
    ]


@posix_only
@pytest.mark.skipif(os.open not in os.supports_dir_fd, reason="needs openat (dir_fd) to open folder by folder")
def test_read_regular_opens_folder_by_folder_under_the_root(tmp_path: Path) -> None:
    from deploylint.paths import NotReadable, read_regular

    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "f").write_bytes(b"inside")
    (tmp_path / "out" / "b").mkdir(parents=True)
    (tmp_path / "out" / "b" / "f").write_bytes(b"outside")
    root = (tmp_path / "a").resolve()
    real = root / "b" / "f"
    assert read_regular(real, 100, root=root) == b"inside"
    (root / "b").rename(tmp_path / "b-old")
    (root / "b").symlink_to(tmp_path / "out" / "b")
    with pytest.raises(NotReadable, match="a folder on its path became a symlink"):
        read_regular(real, 100, root=root)
    assert read_regular(real, 100) == b"outside"  # without the root only the last component is guarded
    assert read_regular(tmp_path / "out" / "b" / "f", 100, root=root) == b"outside"  # not under the root: a plain open
