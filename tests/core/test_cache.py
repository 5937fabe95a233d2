"""The cache of ``check``: a warm run reports exactly what a cold one does.

The property test edits a small project at random (Dockerfile, compose, nginx, workflow, the
config; files deleted and created) and compares, after every edit, the JSON and text reports of a
run with the cache and of one without, byte for byte.
"""

from __future__ import annotations

import io
import json
import os
import stat
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deploylint import cache as cache_mod
from deploylint.cache import Cache
from deploylint.config.tree import ConfigTree
from deploylint.engine import Engine, Report
from deploylint.reporters import ReportOptions, get
from deploylint.settings import Overrides

DOCKERFILES = [
    "FROM python:latest\nRUN pip install flask\nCOPY . /app\n",
    "FROM python:3.12-slim AS base\nUSER app\nCOPY package.json .\nRUN npm ci\nEXPOSE 8000\n",
    "# deploylint: ignore[DKR001] reason\nFROM ubuntu\nRUN apt-get update && apt-get install curl\n",
    "FROM node:20\nCOPY package*.json ./\nRUN npm ci\nCMD node server.js\n",
    "FROM alpine:3.20\nRUN apk add curl\nHEALTHCHECK CMD curl -f localhost || exit 1\nUSER nobody\n",
]
COMPOSE = [
    "services:\n  web:\n    build: .\n    ports:\n      - '8000:8000'\n",
    (
        "services:\n  web:\n    build:\n      context: .\n      target: base\n    user: root\n"
        "  proxy:\n    image: nginx:latest\n    volumes:\n      - ./nginx/default.conf:/etc/nginx/conf.d/default.conf\n"
    ),
    (
        "services:\n  api:\n    image: example/api:3.0.2\n    environment:\n      DB_PASSWORD: penguin42\n"
        "  store:\n    image: postgres:16.4\n    environment:\n      POSTGRES_PASSWORD: penguin42\n"
    ),
    "services:\n  web:\n    build: ./missing\n    privileged: true  # deploylint: ignore[CMP013]\n",
]
NGINX = [
    "server {\n  listen 80;\n  location / {\n    proxy_pass http://web:8000;\n  }\n}\n",
    "server {\n  listen 80;\n  server_tokens on;\n  location / {\n    proxy_pass http://api:9999;\n  }\n}\n",
    "server {\n  listen 443 ssl;\n  ssl_protocols TLSv1 TLSv1.2;\n  include extra.conf;\n}\n",
]
EXTRA = ["add_header X-Frame-Options DENY;\n", "autoindex on;\n"]
WORKFLOWS = [
    (
        "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
        "      - run: docker build -t app .\n"
    ),
    (
        "on: pull_request_target\npermissions: write-all\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@main\n      - run: echo ${{ github.event.pull_request.title }}\n"
    ),
]
CONFIGS = [
    None,
    "select: [DKR, CMP]\n",
    "ignore: [NGX]\nseverity:\n  DKR001: error\n",
    "per-file-ignores:\n  'nginx/*': [NGX009]\nrules:\n  DKR001:\n    enabled: false\n",
]
FILES: dict[str, list[str | None]] = {
    "Dockerfile": [*DOCKERFILES, None],
    "docker-compose.yml": [*COMPOSE, None],
    "nginx/default.conf": [*NGINX, None],
    "nginx/extra.conf": [*EXTRA, None],
    ".github/workflows/ci.yml": [*WORKFLOWS, None],
    "package.json": ['{"name": "x"}\n', None],
    "package-lock.json": ["{}\n", None],
    ".deploylint.yaml": CONFIGS,
    # what discovery reads: a warm run takes its last result while these and the tree's shape hold
    ".gitignore": [None, "nginx/extra.conf\n", "*.yml\n!docker-compose.yml\n", ".github/\n"],
    "sub/Dockerfile": [DOCKERFILES[1], None],
    "sub/.deploylint.yaml": [None, "ignore: [DKR]\n", "exclude: ['Dockerfile']\n"],
}


def _put(root: Path, name: str, text: str | None) -> None:
    p = root / name
    if text is None:
        if p.exists():
            p.unlink()
        return
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")


def _project(root: Path) -> None:
    (root / ".git").mkdir(parents=True, exist_ok=True)
    for name, variants in FILES.items():
        _put(root, name, variants[0])


def _run(root: Path, cache: Cache | None) -> Report:
    settings = ConfigTree(Overrides()).for_folder(root)
    settings.jobs = 1
    return Engine(settings, cache=cache).run([root])


def _rendered(report: Report) -> str:
    out = []
    for fmt in ("json", "text"):
        buf = io.StringIO()
        get(fmt)(report, buf, ReportOptions(min_severity=None))
        out.append(buf.getvalue())
    return "\n".join(out)


def _both(root: Path, folder: Path) -> tuple[str, str, Cache]:
    cache = Cache(folder)
    warm = _rendered(_run(root, cache))
    cold = _rendered(_run(root, None))
    return warm, cold, cache


edits = st.lists(
    st.sampled_from(sorted(FILES)).flatmap(lambda name: st.tuples(st.just(name), st.sampled_from(FILES[name]))),
    min_size=1,
    max_size=6,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=edits)
def test_cached_and_uncached_reports_are_identical(tmp_path_factory: pytest.TempPathFactory, steps: list[Any]) -> None:
    root = tmp_path_factory.mktemp("proj")
    _project(root)
    folder = root / ".deploylint_cache"
    warm, cold, _ = _both(root, folder)
    assert warm == cold
    for name, text in steps:
        _put(root, name, text)
        warm, cold, _ = _both(root, folder)
        assert warm == cold, (name, text)
        again, cold2, cache = _both(root, folder)  # nothing changed: every entry is used
        assert again == cold2 == cold
        assert cache.misses == 0


def test_warm_run_reads_every_file_from_the_cache(tmp_path: Path) -> None:
    _project(tmp_path)
    first = Cache(tmp_path / "c")
    cold = _rendered(_run(tmp_path, first))
    assert first.hits == 0 and first.misses > 0
    second = Cache(tmp_path / "c")
    assert _rendered(_run(tmp_path, second)) == cold
    assert second.misses == 0 and second.hits == first.misses and second.writes == 0


@pytest.mark.parametrize(
    ("name", "text", "rescanned"),
    [
        (".github/workflows/ci.yml", WORKFLOWS[1], 1),
        # the compose file read the Dockerfile it builds: both are scanned again
        ("Dockerfile", DOCKERFILES[3], 2),
        # default.conf includes extra.conf
        ("nginx/extra.conf", EXTRA[1], 2),
    ],
)
def test_one_edit_rescans_that_file_and_the_files_that_read_it(
    tmp_path: Path, name: str, text: str, rescanned: int
) -> None:
    _project(tmp_path)
    _run(tmp_path, Cache(tmp_path / "c"))
    _put(tmp_path, name, text)
    again = Cache(tmp_path / "c")
    assert _rendered(_run(tmp_path, again)) == _rendered(_run(tmp_path, None))
    assert again.misses == rescanned


def test_a_new_file_anywhere_rescans_every_file(tmp_path: Path) -> None:
    """Parsers ask whether files exist, so the tree's shape is part of every entry."""
    _project(tmp_path)
    _run(tmp_path, Cache(tmp_path / "c"))
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    again = Cache(tmp_path / "c")
    _run(tmp_path, again)
    assert again.hits == 0


def test_version_change_invalidates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _project(tmp_path)
    _run(tmp_path, Cache(tmp_path / "c"))
    import deploylint

    monkeypatch.setattr(deploylint, "__version__", "999.0")
    monkeypatch.setattr(cache_mod, "_CODE", {})
    again = Cache(tmp_path / "c")
    assert _rendered(_run(tmp_path, again)) == _rendered(_run(tmp_path, None))
    assert again.hits == 0


def test_settings_change_invalidates(tmp_path: Path) -> None:
    _project(tmp_path)
    _run(tmp_path, Cache(tmp_path / "c"))
    _put(tmp_path, ".deploylint.yaml", "rules:\n  DKR001:\n    severity: error\n")
    again = Cache(tmp_path / "c")
    assert _rendered(_run(tmp_path, again)) == _rendered(_run(tmp_path, None))
    assert again.hits == 0


def _entries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.json"))


@pytest.mark.parametrize(
    "garbage",
    [
        b"{not json",
        b"",
        b'{"format": 999}',
        b"[1, 2, 3]",
        b'{"format": 1, "slot": 5, "result": {"findings": [["x"]]}}',
        b"\xff\xfe\x00",
    ],
)
def test_corrupt_or_foreign_entries_are_ignored_and_rewritten(tmp_path: Path, garbage: bytes) -> None:
    _project(tmp_path)
    folder = tmp_path / "c"
    cold = _rendered(_run(tmp_path, Cache(folder)))
    for p in _entries(folder):
        p.write_bytes(garbage)
    again = Cache(folder)
    assert _rendered(_run(tmp_path, again)) == cold
    assert again.hits == 0
    for p in _entries(folder):
        assert json.loads(p.read_bytes())["entry"]["format"] == cache_mod.FORMAT
    third = Cache(folder)
    assert _rendered(_run(tmp_path, third)) == cold
    assert third.misses == 0


def test_entries_with_wrong_types_are_ignored(tmp_path: Path) -> None:
    _project(tmp_path)
    folder = tmp_path / "c"
    cold = _rendered(_run(tmp_path, Cache(folder)))
    for p in _entries(folder):
        data = json.loads(p.read_bytes())
        for entry in [data, *(data.get("files") or {}).values()]:
            res = entry.get("result")
            if isinstance(res, dict) and res.get("findings"):
                res["findings"][0][4][1] = ["1", "x", None, 2, 3, 4]  # a span of the wrong types
        p.write_text(json.dumps(data), encoding="utf-8")
    assert _rendered(_run(tmp_path, Cache(folder))) == cold


def test_concurrent_runs_share_one_cache(tmp_path: Path) -> None:
    _project(tmp_path)
    folder = tmp_path / "c"
    expected = _rendered(_run(tmp_path, None))
    got: list[str] = []
    errors: list[BaseException] = []

    def one() -> None:
        try:
            got.append(_rendered(_run(tmp_path, Cache(folder))))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert got == [expected] * 4
    assert not list(folder.rglob(".tmp-*"))
    last = Cache(folder)
    assert _rendered(_run(tmp_path, last)) == expected
    assert last.misses == 0


def test_permissions_and_gitignore(tmp_path: Path) -> None:
    _project(tmp_path)
    folder = tmp_path / ".deploylint_cache"
    old = os.umask(0o022)
    try:
        _run(tmp_path, Cache(folder))
    finally:
        os.umask(old)
    assert (folder / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    for p in [folder, *folder.rglob("*")]:
        mode = stat.S_IMODE(p.stat().st_mode)
        assert mode == (0o700 if p.is_dir() else 0o600), p


def test_no_secret_value_reaches_the_cache(tmp_path: Path) -> None:
    _project(tmp_path)
    _put(tmp_path, "docker-compose.yml", COMPOSE[2])
    folder = tmp_path / "c"
    report = _run(tmp_path, Cache(folder))
    assert {f.rule_id for f in report.findings} >= {"CMP008"}
    for p in folder.rglob("*"):
        if p.is_file():
            assert b"penguin42" not in p.read_bytes(), p


def test_cache_folder_is_not_scanned(tmp_path: Path) -> None:
    _project(tmp_path)
    folder = tmp_path / ".deploylint_cache"
    _run(tmp_path, Cache(folder))
    (folder / "docker-compose.yml").write_text(COMPOSE[3], encoding="utf-8")
    report = _run(tmp_path, Cache(folder))
    assert not [a for a in report.artifacts if ".deploylint_cache" in a.display]


def test_locate_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _project(tmp_path)
    _put(tmp_path, ".deploylint.yaml", "cache-dir: build/lint-cache\n")
    settings = ConfigTree(Overrides()).for_folder(tmp_path)
    monkeypatch.delenv(cache_mod.ENV_VAR, raising=False)
    assert Cache.locate(settings, tmp_path).folder == tmp_path / "build" / "lint-cache"
    monkeypatch.setenv(cache_mod.ENV_VAR, str(tmp_path / "env"))
    assert Cache.locate(settings, tmp_path).folder == tmp_path / "env"
    assert Cache.locate(settings, tmp_path, tmp_path / "cli").folder == tmp_path / "cli"
    monkeypatch.delenv(cache_mod.ENV_VAR)
    _put(tmp_path, ".deploylint.yaml", None)
    plain = ConfigTree(Overrides()).for_folder(tmp_path)
    assert Cache.locate(plain, tmp_path).folder == tmp_path / ".deploylint_cache"


def _cli(args: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    from click.testing import CliRunner

    from deploylint.cli import cli

    monkeypatch.delenv(cache_mod.ENV_VAR, raising=False)
    res = CliRunner().invoke(cli, args)
    return res.exit_code, res.output


def test_check_uses_the_cache_by_default_and_no_cache_turns_it_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(tmp_path)
    code, out = _cli(["check", str(tmp_path), "--no-cache", "--format", "json"], monkeypatch)
    assert not (tmp_path / ".deploylint_cache").exists()
    code2, out2 = _cli(["check", str(tmp_path), "--format", "json"], monkeypatch)
    assert (tmp_path / ".deploylint_cache" / ".gitignore").is_file()
    code3, out3 = _cli(["check", str(tmp_path), "--format", "json"], monkeypatch)
    assert (code, out) == (code2, out2) == (code3, out3)
    code4, _ = _cli(["check", str(tmp_path), "--cache-dir", str(tmp_path / "elsewhere")], monkeypatch)
    assert code4 == code and (tmp_path / "elsewhere" / "files").is_dir()


def test_fix_never_uses_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _project(tmp_path)
    _cli(["check", str(tmp_path), "--fix"], monkeypatch)
    assert not (tmp_path / ".deploylint_cache").exists()


def test_span_data_is_decoded_to_ints_or_rejected() -> None:
    from deploylint.source import Span

    assert cache_mod._span([1, 2.0, "3", True, 5, 6]) == Span(1, 2, 3, 1, 5, 6)
    for bad in ([1, 2, 3, 4, 5, None], [1, 2, 3, 4, 5, [6]], [1, 2, 3, 4, 5, "x"], [1e400, 2, 3, 4, 5, 6], [1, 2, 3]):
        with pytest.raises(cache_mod.BadEntry, match="span"):
            cache_mod._span(bad)


def test_no_default_cache_outside_a_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "Dockerfile").write_text(DOCKERFILES[0], encoding="utf-8")  # no .git, no config
    monkeypatch.chdir(tmp_path)
    code, out = _cli(["check", "Dockerfile", "--format", "json"], monkeypatch)
    assert code == 1 and '"rule_id": "DKR001"' in out
    assert not (tmp_path / ".deploylint_cache").exists()
    code2, out2 = _cli(["check", "Dockerfile", "--format", "json", "--cache-dir", "named"], monkeypatch)
    assert (code2, out2) == (code, out)
    assert (tmp_path / "named" / "files").is_dir()


def test_a_cache_that_cannot_be_written_is_silently_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _project(tmp_path)
    (tmp_path / "blocker").write_text("a file where the cache folder would go\n", encoding="utf-8")
    cold = _cli(["check", str(tmp_path), "--no-cache", "--format", "json"], monkeypatch)
    got = _cli(
        ["check", str(tmp_path), "--format", "json", "--cache-dir", str(tmp_path / "blocker" / "c")], monkeypatch
    )
    assert got == cold
    assert (tmp_path / "blocker").is_file()


explicit_edits = st.tuples(edits, st.lists(st.sampled_from(sorted(FILES)), min_size=1, max_size=4, unique=True))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=explicit_edits)
def test_cached_and_uncached_reports_are_identical_for_explicit_files(
    tmp_path_factory: pytest.TempPathFactory, case: tuple[list[Any], list[str]]
) -> None:
    """As pre-commit runs it: the files given by name (those that exist), after each edit."""
    steps, names = case
    root = tmp_path_factory.mktemp("proj")
    _project(root)
    folder = root / ".deploylint_cache"

    def both() -> tuple[str, str, Cache]:
        given = [root / n for n in names if (root / n).exists()] or [root]
        settings = ConfigTree(Overrides()).for_folder(root)
        settings.jobs = 1
        cache = Cache(folder)
        warm = _rendered(Engine(settings, cache=cache).run(given))
        settings = ConfigTree(Overrides()).for_folder(root)
        settings.jobs = 1
        return warm, _rendered(Engine(settings).run(given)), cache

    warm, cold, _ = both()
    assert warm == cold
    for name, text in steps:
        _put(root, name, text)
        warm, cold, _ = both()
        assert warm == cold, (name, text)
        again, cold2, cache = both()
        assert again == cold2 == cold
        assert cache.misses == 0


def test_tool_stamp_is_reused_until_a_source_file_is_touched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from deploylint.registry import Registry

    cache = Cache(tmp_path / "c")
    monkeypatch.setattr(cache_mod, "_CODE", {})
    first = cache_mod.tool_fingerprint(Registry(), cache)
    memo = cache.read("runs", "tool")
    assert memo is not None and isinstance(memo["base"], str) and len(memo["base"]) == 64
    calls: list[Path] = []
    real = cache_mod._package_stamp
    monkeypatch.setattr(cache_mod, "_package_stamp", lambda folder: calls.append(folder) or real(folder))
    monkeypatch.setattr(cache_mod, "_CODE", {})
    assert cache_mod.tool_fingerprint(Registry(), cache) == first
    assert calls == []  # the memo held: no source was read
    cache.write("runs", "tool", {"stat": "another", "base": "stale"})
    monkeypatch.setattr(cache_mod, "_CODE", {})
    assert cache_mod.tool_fingerprint(Registry(), cache) == first  # recomputed from the sources
    assert len(calls) == 1


def test_a_change_to_the_resolved_refs_file_invalidates(tmp_path: Path) -> None:
    _project(tmp_path)
    refs = tmp_path / "refs.json"
    settings = ConfigTree(Overrides(refs_file=refs)).for_folder(tmp_path)
    before = cache_mod.settings_fingerprint(settings)
    refs.write_text('{"version": 1, "refs": {}}\n', encoding="utf-8")
    assert cache_mod.settings_fingerprint(settings) != before


def test_a_warm_run_takes_discovery_from_the_cache_until_a_gitignore_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from deploylint.engine import run as run_mod

    calls: list[int] = []
    real = run_mod.discover

    def counting(*args: Any, **kw: Any) -> Any:
        calls.append(1)
        return real(*args, **kw)

    monkeypatch.setattr(run_mod, "discover", counting)
    _project(tmp_path)
    _run(tmp_path, Cache(tmp_path / ".deploylint_cache"))
    assert len(calls) == 1
    _run(tmp_path, Cache(tmp_path / ".deploylint_cache"))
    assert len(calls) == 1  # nothing changed: the walk's result is reused
    _put(tmp_path, ".gitignore", "nginx/\n")
    warm = _rendered(_run(tmp_path, Cache(tmp_path / ".deploylint_cache")))
    assert len(calls) == 2
    assert warm == _rendered(_run(tmp_path, None))
    assert "nginx/default.conf" not in warm  # the new .gitignore keeps it out


def test_a_gitignore_rewritten_at_once_with_the_same_size_is_read_again(tmp_path: Path) -> None:
    """Within the timestamp granularity a rewrite can keep size, inode and modification time:
    such a stat key is never trusted, so the new text counts."""
    _project(tmp_path)
    _put(tmp_path, ".gitignore", "nginx/*.conf\n")
    _run(tmp_path, Cache(tmp_path / ".deploylint_cache"))
    st = (tmp_path / ".gitignore").stat()
    _put(tmp_path, ".gitignore", "docker-*.yml\n")  # same length
    os.utime(tmp_path / ".gitignore", ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (tmp_path / ".gitignore").stat().st_size == st.st_size
    assert _rendered(_run(tmp_path, Cache(tmp_path / ".deploylint_cache"))) == _rendered(_run(tmp_path, None))


def test_a_file_replaced_after_the_walk_is_not_read_by_inode(tmp_path: Path) -> None:
    """The walk's stat key lets a cached file be read without resolving every folder above it;
    what opens there must still be the file the walk met (same inode), else it is refused."""
    target = tmp_path / "Dockerfile"
    target.write_text("FROM alpine:3.20\n", encoding="utf-8")
    tree = cache_mod.scan_tree(tmp_path)
    key = tree.stats[str(target)]
    assert cache_mod._read_walked(str(target), key, 1000) == b"FROM alpine:3.20\n"
    other = tmp_path / "other"
    other.write_text("FROM ubuntu\n", encoding="utf-8")
    other.replace(target)  # another inode at the same path
    assert cache_mod._read_walked(str(target), key, 1000) is None
    assert not tree.has_links
    (tmp_path / "link").symlink_to(target)
    assert cache_mod.scan_tree(tmp_path).has_links


def test_a_warm_run_of_one_named_file_does_not_walk_the_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pre-commit run: the questions the last run asked the file system are asked again
    instead of walking every folder; a file it asked about appearing rescans the file."""
    _project(tmp_path)
    _put(tmp_path, "Dockerfile", DOCKERFILES[3])  # npm ci: PRJ001 looks for the lockfile
    for i in range(30):
        _put(tmp_path, f"elsewhere/{i}/notes.txt", "x")

    def walked(*_a: Any, **_kw: Any) -> Any:
        raise AssertionError("the tree was walked")

    monkeypatch.setattr(cache_mod, "scan_tree", walked)

    def run() -> tuple[str, Cache]:
        settings = ConfigTree(Overrides()).for_folder(tmp_path)
        cache = Cache(tmp_path / ".deploylint_cache")
        return _rendered(Engine(settings, cache=cache).run([tmp_path / "Dockerfile"])), cache

    def cold() -> str:
        settings = ConfigTree(Overrides()).for_folder(tmp_path)
        return _rendered(Engine(settings).run([tmp_path / "Dockerfile"]))

    first, c1 = run()
    assert c1.misses == 1 and first == cold()
    again, c2 = run()
    assert again == first and c2.hits == 1 and c2.misses == 0
    _put(tmp_path, "elsewhere/31/notes.txt", "x")  # nothing the scan asked about
    again, c3 = run()
    assert again == first and c3.misses == 0
    _put(tmp_path, "package-lock.json", None)  # PRJ001 asked whether it is there
    after, c4 = run()
    assert c4.misses == 1 and after == cold()
    assert "PRJ001" in after and "PRJ001" not in first


def test_an_edit_elsewhere_keeps_the_project_rules_of_files_that_asked_only_the_file_system(tmp_path: Path) -> None:
    """sub/Dockerfile's rules that wait for the project ask only the file system (no compose
    file is near): a workflow edit leaves their result cached. The root Dockerfile's DKR009
    asks which builds link it (compose, workflows), so its rules run again. The report is
    the cold one each time."""
    _project(tmp_path)
    _put(tmp_path, "docker-compose.yml", None)
    _put(tmp_path, "nginx/default.conf", None)
    _put(tmp_path, "nginx/extra.conf", None)
    first = Cache(tmp_path / "c")
    _run(tmp_path, first)
    assert first.writes > 0
    _put(tmp_path, ".github/workflows/ci.yml", WORKFLOWS[1])
    again = Cache(tmp_path / "c")
    engine_report = _run(tmp_path, again)
    assert _rendered(engine_report) == _rendered(_run(tmp_path, None))
    assert "DKR009" in _rendered(engine_report)
    assert again.misses == 1  # the workflow
    assert again.deferred_hits == 1  # sub/Dockerfile: its deferred rules were not run
    _put(tmp_path, "sub/.dockerignore", ".git\n")  # the tree changed
    third = Cache(tmp_path / "c")
    assert _rendered(_run(tmp_path, third)) == _rendered(_run(tmp_path, None))
    assert third.deferred_hits == 0
