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
from typing import Any

import pytest

posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX special files")

REPO = Path(__file__).resolve().parents[2]
#: an address-space limit: a read without bound dies of it instead of taking the machine's memory
MEMORY_LIMIT = 1536 * 2**20


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _deploylint(
    cwd: Path, *args: str, timeout: float = 60, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> tuple[int, str, str, float]:
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "deploylint", *args],
        cwd=cwd,
        capture_output=True,
        timeout=timeout,
        check=False,
        input=stdin,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
        preexec_fn=_limit_memory if sys.platform != "win32" else None,
    )
    out, err = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    assert "Traceback" not in err, err[-2000:]
    return done.returncode, out, err, time.monotonic() - start


def _selected(root: Path, select: str, target: str = ".") -> tuple[int, list[dict[str, Any]], float]:
    """``check TARGET --no-cache --format json --select SELECT`` in ``root``: the exit code, the
    findings and the wall time."""
    code, out, _err, took = _deploylint(root, "check", target, "--no-cache", "--format", "json", "--select", select)
    return code, json.loads(out)["findings"], took


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


# --- the results cache inside the scanned root may have come with the repository ----------------


def _rules(out: str) -> list[tuple[str, str, int]]:
    return [(f["rule_id"], f["path"], f["line"]) for f in json.loads(out)["findings"]]


def test_a_cache_committed_to_the_repository_cannot_hide_findings(tmp_path: Path) -> None:
    """The default cache is ``.deploylint_cache`` at the root, and its entries were plain JSON
    keyed by what anyone can compute (tool, settings, file bytes, tree, absolute paths, which a
    CI runner makes predictable). A pull request could commit entries saying its Dockerfile has
    no findings: the scan then reported nothing. Entries are now signed with a key kept outside
    the scanned root (``$XDG_CACHE_HOME/deploylint/cache-key``); an entry made with another key,
    or edited, is not used."""
    root = _repo(tmp_path / "repo")
    attacker = {"XDG_CACHE_HOME": str(tmp_path / "attacker-home")}
    victim = {"XDG_CACHE_HOME": str(tmp_path / "victim-home")}
    code, out, _err, _took = _deploylint(root, "check", ".", "--format", "json", env=attacker)
    want = [("DKR001", "Dockerfile", 1), ("DKR002", "Dockerfile", 1), ("DKR003", "Dockerfile", 1)]
    assert (code, sorted(_rules(out))) == (1, want)
    # the attacker empties every finding list of the entries it made, and the key's signature
    # stays valid for its own key only
    for entry in (root / ".deploylint_cache").rglob("*.json"):
        text = entry.read_text()
        entry.write_text(
            text.replace('"findings":[[', '"findings":[],"x":[[').replace('"project":{', '"project":{"findings":[],')
        )
    code, out, _err, _took = _deploylint(root, "check", ".", "--format", "json", env=victim)
    assert (code, sorted(_rules(out))) == (1, want)
    # the attacker's own, unedited entries, with the attacker's key: used (the cache still works)
    shutil_rm = __import__("shutil").rmtree
    shutil_rm(root / ".deploylint_cache")
    _deploylint(root, "check", ".", "--format", "json", env=victim)
    code, out, _err, _took = _deploylint(root, "check", ".", "--format", "json", env=victim)
    assert (code, sorted(_rules(out))) == (1, want)
    assert (tmp_path / "victim-home" / "deploylint" / "cache-key").stat().st_mode & 0o077 == 0


@posix_only
def test_a_cache_folder_linked_out_of_the_root_is_not_used(tmp_path: Path) -> None:
    """``.deploylint_cache`` committed as a link to a folder elsewhere: the cache wrote its
    folders and entries there. A cache folder inside the root reached through a link is not used."""
    root = _repo(tmp_path / "repo")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / ".deploylint_cache").symlink_to(elsewhere)
    env = {"XDG_CACHE_HOME": str(tmp_path / "home")}
    for _ in range(2):
        code, out, _err, _took = _deploylint(root, "check", ".", "--format", "json", env=env)
        # the link is reported as any link out of the root is
        assert (code, sorted(r[:2] for r in _rules(out))) == (
            1,
            [
                ("CORE004", ".deploylint_cache"),
                ("DKR001", "Dockerfile"),
                ("DKR002", "Dockerfile"),
                ("DKR003", "Dockerfile"),
            ],
        )
    assert list(elsewhere.iterdir()) == []


@posix_only
def test_a_fifo_where_a_cache_entry_goes_does_not_block(tmp_path: Path) -> None:
    """Every cache entry replaced by a FIFO (the names are predictable): reading an entry
    blocked in ``open()`` for ever, before any budget. Entries are read like scanned files
    (O_NONBLOCK, a regular file only), so a FIFO is a miss."""
    root = _repo(tmp_path / "repo")
    env = {"XDG_CACHE_HOME": str(tmp_path / "home")}
    _deploylint(root, "check", ".", "--format", "json", env=env)
    entries = sorted((root / ".deploylint_cache").rglob("*.json"))
    assert len(entries) >= 3
    for entry in entries:
        entry.unlink()
        os.mkfifo(entry)
    code, out, _err, took = _deploylint(root, "check", ".", "--format", "json", env=env, timeout=30)
    assert (code, sorted(r[0] for r in _rules(out))) == (1, ["DKR001", "DKR002", "DKR003"])
    assert took < 20


@posix_only
@pytest.mark.parametrize("fmt", ["sarif", "json", "text"])
def test_the_report_file_replaces_a_symlink_in_the_repository(tmp_path: Path, fmt: str) -> None:
    """``deploylint check --format sarif -o results.sarif`` (the usual CI step before an upload)
    in a checkout holding ``results.sarif`` as a link to a file elsewhere wrote the report into
    that file. A link inside the scanned root is now replaced by the report; ``-o /dev/stdout``
    (a link outside the root) is still written through."""
    root = _repo(tmp_path / "repo")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (root / "results.out").symlink_to(victim)
    code, out, _err, _took = _deploylint(root, "check", ".", "--format", fmt, "-o", "results.out", "--fail-on", "never")
    assert (code, out) == (0, "")
    assert victim.read_text() == "precious\n"
    written = root / "results.out"
    assert not written.is_symlink() and "DKR001" in written.read_text()
    code, out, _err, _took = _deploylint(
        root, "check", ".", "--format", "json", "-o", "/dev/stdout", "--fail-on", "never"
    )
    assert code == 0 and sorted(f["rule_id"] for f in json.loads(out)["findings"]) == ["DKR001", "DKR002", "DKR003"]


# --- huge numbers of findings: every format stays linear ------------------------------------------


def test_the_deployment_map_links_edges_in_linear_time() -> None:
    """The HTML report draws the deployment map; ``Graph.link`` searched the list of edges for a
    duplicate at each link, so 4,000 Compose services took 22 s of CPU in the HTML format (4 s
    in JSON), 20,000 ran past two minutes. Now a set answers it."""
    from deploylint.graph import Graph
    from tests.hostile.conftest import bounded

    g = Graph()
    with bounded(3, 60):
        for i in range(20_000):
            g.link(f"compose:c{i % 7}", f"service:s{i}", "defines")
        for i in range(20_000):  # every one again: all duplicates
            g.link(f"compose:c{i % 7}", f"service:s{i}", "defines")
    assert len(g.edges) == 20_000
    assert g.edges[:2] == [
        type(g.edges[0])("compose:c0", "service:s0", "defines"),
        type(g.edges[0])("compose:c1", "service:s1", "defines"),
    ]


def test_an_html_report_of_3000_services_is_linear(tmp_path: Path) -> None:
    root = tmp_path
    (root / ".git").mkdir()
    (root / "compose.yaml").write_text(
        "services:\n" + "".join(f"  s{i}:\n    image: nginx\n    privileged: true\n" for i in range(3000))
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    code, out, _err, _took = _deploylint(
        root, "check", ".", "--no-cache", "--format", "html", "--fail-on", "never", timeout=120
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    import re

    data = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', out, re.S)
    assert code == 0 and data is not None
    found = json.loads(data.group(1))["findings"]
    assert sum(1 for f in found if f["rule"] == "CMP013") == 3000  # privileged, once per service
    assert cpu < 8, f"{cpu:.1f} s of CPU (main: about 12 s)"


# --- the language server -------------------------------------------------------------------------


@posix_only
def test_the_language_server_reads_a_document_it_does_not_hold_bounded() -> None:
    """The server lints a saved file that is not open in the editor from disk: it read it with
    ``read_text``, so a FIFO named ``Dockerfile`` blocked the server for ever and a link to
    /dev/zero filled memory. It now reads as the scan does; the engine reports the file."""
    pytest.importorskip("pygls")
    from tests.hostile.conftest import measured

    code = """
import os, tempfile
from pathlib import Path
from deploylint.server import Linter
root = Path(tempfile.mkdtemp())
(root / ".git").mkdir()
os.mkfifo(root / "Dockerfile")
(root / "compose.yaml").symlink_to("/dev/zero")
lint = Linter()
result = []
for name in ("Dockerfile", "compose.yaml"):
    src, found = lint.lint(root / name, {})
    result.append([src.text, [(f.rule_id, f.message.split(": ", 1)[1]) for f in found]])
"""
    result = measured(code, 10, 300)
    assert result == [
        ["", [["CORE004", "a named pipe (FIFO), not a regular file; not read"]]],
        ["", []],  # the link is refused as leaving the root; nothing placed on /dev/zero itself
    ]
