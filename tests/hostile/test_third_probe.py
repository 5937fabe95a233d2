"""Issue 18, the third probe: the classes of the issue tried once more, with the inputs the first
two rounds left out (hostile command-line values, names longer than the system allows, files the
tool writes, large config lists, the language server's document names, ignore files that cannot be
read). Each defect it found is a case here: the exact message or exit code, with a time bound, and
a memory bound where memory was at stake."""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path
from typing import cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deploylint.models.workflow_strings import Str
from deploylint.models.workflow_uses import ActionRef, UsesPatterns, parse_uses_pattern
from deploylint.paths import name_too_long, write_report_file
from tests.hostile.test_fresh_probe import _deploylint, _repo, _selected, posix_only

LONG_NAME = "b" * 300  # one part over the 255 bytes a file name may hold


# --- what the tool writes: a report or a baseline that cannot be written -------------------------


def test_a_report_that_cannot_be_written_is_one_line_and_exit_2(tmp_path: Path) -> None:
    """``-o missing/report.json`` (and ``-o /dev/full``) ended in an OSError traceback after the
    whole scan. It is now exit 2 with one line naming the file and the reason."""
    root = _repo(tmp_path)
    code, out, err, took = _deploylint(root, "check", ".", "--no-cache", "-o", "missing/report.json")
    assert (code, out, err) == (2, "", "deploylint: cannot write missing/report.json: No such file or directory\n")
    assert took < 20
    code, out, err, _took = _deploylint(root, "map", ".", "-o", "missing/map.md")
    assert (code, out, err) == (2, "", "deploylint: cannot write missing/map.md: No such file or directory\n")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_device_is_reported_not_raised(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    code, _out, err, _took = _deploylint(root, "check", ".", "--no-cache", "-o", "/dev/full")
    assert (code, err) == (2, "deploylint: cannot write /dev/full: No space left on device\n")


@posix_only
def test_a_special_file_outside_the_root_is_written_through_never_replaced(tmp_path: Path) -> None:
    """``deploylint baseline /dev/null .`` run as root renamed a temporary file over /dev/null:
    the baseline writer replaced whatever the path named. Outside the scanned root a special file
    or a link the user names is now written as given (``-o /dev/stdout`` works), and inside the
    root a FIFO the repository holds is replaced by a regular file, never opened."""
    root = _repo(tmp_path / "repo")
    outside = tmp_path / "pipe"
    os.mkfifo(outside)
    reader = os.open(outside, os.O_RDONLY | os.O_NONBLOCK)  # a reader, so the write does not block
    try:
        write_report_file(outside, b"report\n", root)
        assert os.read(reader, 100) == b"report\n"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.lstat(outside).st_mode)
    inside = root / "results.sarif"
    os.mkfifo(inside)
    start = time.monotonic()
    write_report_file(inside, b"report\n", root)
    assert time.monotonic() - start < 5
    assert stat.S_ISREG(os.lstat(inside).st_mode)
    assert inside.read_bytes() == b"report\n"


# --- names the system refuses ----------------------------------------------------------------------


def test_an_explicit_path_longer_than_a_name_may_be_is_a_usage_error(tmp_path: Path) -> None:
    """``deploylint check <300-character name>`` (and ``map``, ``baseline``) raised
    ``OSError: File name too long`` from pathlib's ``exists``."""
    root = _repo(tmp_path)
    for command in (["check", "--no-cache"], ["map"], ["baseline", "bl.json"]):
        code, out, err, _took = _deploylint(root, *command, LONG_NAME)
        assert (code, out) == (2, ""), command
        assert err.endswith(f"Error: cannot read path {LONG_NAME}: File name too long\n"), (command, err)


def test_a_stdin_filename_longer_than_a_name_may_be_is_a_usage_error(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    code, out, err, _took = _deploylint(root, "check", "--stdin-filename", LONG_NAME, "-", stdin=b"FROM alpine\n")
    assert (code, out) == (2, "")
    assert err.endswith(f"Error: --stdin-filename is longer than a file name may be: {'b' * 80}...\n")


def test_a_usage_error_escapes_the_path_it_names(tmp_path: Path) -> None:
    """The path of "path does not exist" was printed raw: a carriage return or an escape sequence
    in a command-line argument (pre-commit passes file names from the repository) reached the
    terminal."""
    root = _repo(tmp_path)
    code, _out, err, _took = _deploylint(root, "check", "--no-cache", "no\rsuch\x1b]0;x\x07file")
    assert code == 2
    assert err.endswith("Error: path does not exist: no\\x0dsuch\\x1b]0;x\\x07file\n")


def _deep_tree(root: Path, depth: int) -> None:
    """A Dockerfile ``depth`` folders of 200 characters down: its path is longer than PATH_MAX,
    so it can only be made (and reached) one folder at a time."""
    root.mkdir()
    fd = os.open(root, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir("x" * 200, dir_fd=fd)
            nxt = os.open("x" * 200, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = nxt
        made = os.open("Dockerfile", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(made, b"FROM alpine:latest\n")
        os.close(made)
    finally:
        os.close(fd)


@pytest.mark.skipif(os.open not in os.supports_dir_fd, reason="needs openat")
def test_findings_on_a_path_longer_than_path_max_reach_every_format(tmp_path: Path) -> None:
    """The scan says it cannot list the folder whose path is too long (CORE004), but ``baseline``
    and the SARIF format then read that path for its line hashes through pathlib, which raised
    ``File name too long``: the baseline command died after the scan. They now read as the scan
    reads, and a path that cannot be read has no line hash."""
    root = _repo(tmp_path / "repo")
    _deep_tree(root / "deep", 25)
    code, _out, err, _took = _deploylint(root, "baseline", "bl.json", ".")
    assert (code, err) == (0, "deploylint: wrote 4 findings to bl.json\n")
    rows = json.loads((root / "bl.json").read_text())["findings"]
    assert [(r["rule_id"], r["line"]) for r in rows] == [("DKR001", 1), ("DKR002", 1), ("DKR003", 1), ("CORE004", 1)]
    assert rows[3]["path"].startswith("deep/" + "x" * 200 + "/")
    code, out, _err, _took = _deploylint(root, "check", ".", "--no-cache", "--format", "sarif")
    results = json.loads(out)["runs"][0]["results"]
    assert code == 0
    assert sorted(r["ruleId"] for r in results) == ["CORE004", "DKR001", "DKR002", "DKR003"]


def test_the_language_server_skips_a_document_no_file_could_hold() -> None:
    """A document URI with ``%00`` or a 6,000-character path gave the editor an internal-error
    diagnostic (CORE001) from a ValueError or an OSError; no such file can exist, so it is not
    linted at all."""
    pytest.importorskip("pygls")
    from deploylint.server import uri_to_path

    assert uri_to_path("file:///tmp/Dock%00erfile") is None
    assert uri_to_path("file:///tmp/" + "a/" * 3000 + "Dockerfile") is None
    assert uri_to_path(f"file:///tmp/{LONG_NAME}") is None
    assert uri_to_path("file:///tmp/Dockerfile") == Path("/tmp/Dockerfile")
    assert name_too_long("a/" * 2047 + "b") is False
    assert name_too_long("a/" * 2048) is True


# --- config lists are inputs too --------------------------------------------------------------------


def test_a_large_yaml_config_is_refused_within_a_second(tmp_path: Path) -> None:
    """A 2.9 MB ``.hadolint.yaml`` (200,000 trusted registries) took 10 s to compose, with no time
    budget, before any file was checked. YAML configs above 256 KiB are refused with one line."""
    root = _repo(tmp_path)
    (root / ".hadolint.yaml").write_text("trustedRegistries:\n" + "".join(f"  - r{i}.io\n" for i in range(200_000)))
    code, out, err, took = _deploylint(root, "check", ".", "--no-cache")
    assert (code, out) == (2, "")
    assert err == (
        f"deploylint: config error: {root / '.hadolint.yaml'}: cannot read hadolint config: 2,888,909 characters,"
        " above the 262,144 a YAML config may hold\n"
    )
    assert took < 5


def test_long_policy_lists_cost_a_lookup_per_use(tmp_path: Path) -> None:
    """``forbidden-uses = {deny = [100,000 patterns]}`` was parsed again for every ``uses:`` and
    tried pattern by pattern (3,000 steps: the 10 s budget cut the file off, GHA000 and no
    GHA059); 18,000 trusted registries were tried one by one per FROM. Both are now one lookup
    (and the few wildcard registries in turn)."""
    root = _repo(tmp_path)
    denied = ",".join(f'"o{i}/*"' for i in range(100_000))
    (root / "pyproject.toml").write_text(f"[tool.deploylint.workflow]\nforbidden-uses = {{deny = [{denied}]}}\n")
    wf = root / ".github" / "workflows" / "ci.yml"
    wf.parent.mkdir(parents=True)
    steps = "".join(f"      - uses: o{i * 50}/act@0123456789abcdef0123456789abcdef01234567\n" for i in range(3000))
    wf.write_text("on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n" + steps)
    registries = "".join(f"  - r{i}.io\n" for i in range(18_000)) + '  - "*.a*a*a*a*a*a*b"\n' * 200
    (root / ".hadolint.yaml").write_text("trustedRegistries:\n" + registries)
    (root / "Dockerfile").write_text("".join(f"FROM r{i * 9}.example/x:1 AS s{i}\n" for i in range(2000)))
    code, found, took = _selected(root, "GHA059,DKR026")
    by_rule = {rid: sum(1 for f in found if f["rule_id"] == rid) for rid in ("GHA059", "DKR026", "GHA000", "DKR000")}
    assert (code, by_rule) == (1, {"GHA059": 2000, "DKR026": 2000, "GHA000": 0, "DKR000": 0})
    assert took < 15
    first = next(f for f in found if f["rule_id"] == "DKR026")
    assert (
        first["message"]
        == "r0.example is not a trusted registry (trusted: r0.io, r1.io, r2.io, r3.io, r4.io and 18,195 more)"
    )


_NAMES = st.sampled_from(["a", "B", "c-d"])
_PATTERN = st.one_of(
    st.just("*"),
    st.builds(lambda o: f"{o}/*", _NAMES),
    st.builds(lambda o, r: f"{o}/{r}/*", _NAMES, _NAMES),
    st.builds(
        lambda o, r, p, ref: f"{o}/{r}{'/' + p if p else ''}{'@' + ref if ref else ''}",
        _NAMES,
        _NAMES,
        st.sampled_from(["", "x", "x/Y"]),
        st.sampled_from(["", "v1", "V1"]),
    ),
)


@given(
    patterns=st.lists(_PATTERN, max_size=8),
    uses=st.tuples(_NAMES, _NAMES, st.sampled_from(["", "x", "X/y", "x/Y/"]), st.sampled_from(["v1", "V1", "main"])),
)
def test_the_pattern_index_answers_as_trying_each_pattern_in_turn(
    patterns: list[str], uses: tuple[str, str, str, str]
) -> None:
    parsed = [p for p in (parse_uses_pattern(t) for t in patterns) if p is not None]
    action = _action(*uses)
    expected = next((p for p in parsed if p.matches(action)), None)
    assert UsesPatterns(parsed).first_match(action) == expected


def _action(owner: str, repo: str, path: str, ref: str) -> ActionRef:
    return ActionRef(cast("Str", None), "repo", owner, repo, path, ref)


def test_the_pattern_index_keeps_the_first_pattern_of_the_list() -> None:
    texts = ["a/b/x@v1", "A/*", "a/b/*", "*"]
    index = UsesPatterns([p for p in map(parse_uses_pattern, texts) if p is not None])

    def first(*uses: str) -> str | None:
        hit = index.first_match(_action(*uses))
        return hit.text if hit is not None else None

    assert first("a", "b", "x", "v1") == "a/b/x@v1"
    assert first("a", "b", "X/", "v2") == "A/*"
    assert first("c", "b", "x", "v1") == "*"
    assert (
        UsesPatterns([p for p in map(parse_uses_pattern, ["a/b/*", "c/d@v1"]) if p is not None]).first_match(
            _action("c", "d", "", "v2")
        )
        is None
    )


# --- an ignore file that is there but cannot be read --------------------------------------------------


@posix_only
@pytest.mark.parametrize("make", ["fifo", "link-out", "folder"])
def test_an_unreadable_dockerignore_is_not_called_missing(tmp_path: Path, make: str) -> None:
    """A ``.dockerignore`` that is a FIFO, a link out of the root or a folder was treated as absent:
    DKR009 said "it has no .dockerignore" about a context that has one (Docker uses it). Its
    rules cannot be known, so no rule now claims what it does or does not exclude."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "Dockerfile").write_text("FROM alpine:3.19\nCOPY . /app\nCOPY .env /app/.env\nUSER 1000\n")
    ignore = root / ".dockerignore"
    if make == "fifo":
        os.mkfifo(ignore)
    elif make == "link-out":
        (tmp_path / "elsewhere").write_text("*\n")
        ignore.symlink_to(tmp_path / "elsewhere")
    else:
        ignore.mkdir()
    code, out, _err, took = _deploylint(root, "check", ".", "--no-cache", "--format", "json")
    rules = sorted(f["rule_id"] for f in json.loads(out)["findings"])
    assert (code, rules) == (0, ["DKR003"])
    assert took < 20


# --- rules over many blocks -----------------------------------------------------------------------------


def test_many_plain_http_servers_are_checked_in_linear_time(tmp_path: Path) -> None:
    """NGX001 asked, for every plain-HTTP server, which names all the HTTPS servers answer: 400
    includes of a file with 20 servers (8,000 in all) took 64 million steps and the 10 s budget
    stopped the file (NGX000). The answer is now gathered once per configuration."""
    root = _repo(tmp_path)
    (root / "Dockerfile").unlink()
    includes = "".join(f" include site{i}.conf;\n" for i in range(400))
    (root / "nginx.conf").write_text(f"events {{}}\nhttp {{\n{includes}}}\n")
    for i in range(400):
        servers = "".join(f"server {{ listen 80; server_name s{i}-{k}.example; }}\n" for k in range(20))
        (root / f"site{i}.conf").write_text(servers)
    code, out, _err, took = _deploylint(root, "check", "nginx.conf", "--no-cache", "--format", "json")
    found = json.loads(out)["findings"]
    counts = {rid: sum(1 for f in found if f["rule_id"] == rid) for rid in ("NGX001", "NGX000")}
    assert (code, counts) == (1, {"NGX001": 8000, "NGX000": 0})
    assert took < 15


# --- loops and limits met in another file ---------------------------------------------------------------


def _cmp000(root: Path, target: str) -> list[tuple[str, int, int, str]]:
    code, findings, took = _selected(root, "CMP000", target)
    assert code == 1
    assert took < 20
    return [(f["path"], f["line"], f["column"], f["message"]) for f in findings]


def test_a_compose_include_loop_through_another_file_is_reported_in_the_main_file(tmp_path: Path) -> None:
    """``compose.yaml`` includes ``c1.yaml``, which includes ``compose.yaml``: the loop was found in
    c1.yaml, and only the main file's findings are kept, so nothing at all was said. A loop, or
    a limit, met in another file is now reported at the main file's include entry that led there."""
    root = tmp_path
    (root / "compose.yaml").write_text("include:\n  - c1.yaml\nservices:\n  a:\n    image: x:1\n")
    (root / "c1.yaml").write_text("include:\n  - compose.yaml\nservices:\n  b:\n    image: x:1\n")
    assert _cmp000(root, "compose.yaml") == [
        ("compose.yaml", 2, 5, "include cycle: 'compose.yaml' is already part of this project (in c1.yaml, line 2)")
    ]


def test_a_compose_extends_loop_through_another_file_is_reported_in_the_main_file(tmp_path: Path) -> None:
    root = tmp_path
    (root / "compose.yaml").write_text("services:\n  a:\n    extends:\n      file: b.yaml\n      service: b\n")
    (root / "b.yaml").write_text("services:\n  b:\n    extends:\n      file: compose.yaml\n      service: a\n")
    assert _cmp000(root, "compose.yaml") == [
        ("compose.yaml", 4, 7, "extends of service 'b' loops back to itself (in b.yaml, line 4)")
    ]


def test_a_compose_include_chain_past_the_limit_says_so(tmp_path: Path) -> None:
    """A chain of 40 includes stopped at the ninth file without a word."""
    root = tmp_path
    (root / "compose.yaml").write_text("include:\n  - c1.yaml\nservices:\n  a:\n    image: x:1\n")
    for i in range(1, 40):
        (root / f"c{i}.yaml").write_text(f"include:\n  - c{i + 1}.yaml\nservices:\n  s{i}:\n    image: x:1\n")
    (root / "c40.yaml").write_text("services:\n  z:\n    image: x:1\n")
    message = "include is not followed: the chain of includes is longer than 24 files (in c25.yaml, line 2)"
    assert _cmp000(root, "compose.yaml") == [("compose.yaml", 2, 5, message)]
