"""Engine robustness: crash isolation, per-file time budgets, deferred project rules, parallel == serial."""

from __future__ import annotations

import io
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from deploylint import parallel
from deploylint.engine import Engine, Report, total_key
from deploylint.findings import Edit, Finding, Fix, Location, Severity
from deploylint.reporters import ReportOptions, get
from deploylint.settings import Settings
from deploylint.source import Span
from tests.hostile import fakes

REPO = Path(__file__).resolve().parents[2]


def _tree(root: Path, n: int, body: str = "latest\nfine\n") -> None:
    for i in range(n):
        d = root / f"svc{i:03d}"
        d.mkdir(parents=True, exist_ok=True)
        (d / "Dockerfile").write_text(body if i % 7 else "boom\nlatest\n", encoding="utf-8")


def _scan(root: Path, jobs: int, paths: list[Path] | None = None, **kw: object) -> Report:
    s = Settings(jobs=jobs, root=root.resolve(), **kw)  # type: ignore[arg-type]
    return Engine(s, fakes.registry()).run(paths or [root])


def _render(report: Report, fmt: str) -> str:
    out = io.StringIO()
    get(fmt)(report, out, ReportOptions())
    return out.getvalue()


def _rows(report: Report) -> list[tuple[str, str, int, int, str]]:
    return [
        (Path(f.location.path).parent.name, f.rule_id, f.location.span.start_line, f.location.span.start_col, f.message)
        for f in report.findings
    ]


def test_crash_in_one_rule_loses_nothing_else(fake_kind: None, tmp_path: Path) -> None:
    _tree(tmp_path, 3)
    report = _scan(tmp_path, 1)
    rows = _rows(report)
    crash = [r for r in rows if r[1] == "CORE001"]
    assert [(r[0], r[2], r[3]) for r in crash] == [("svc000", 1, 1)]
    msg = crash[0][4]
    assert "rule DKR953 (crashes)" in msg and "svc000/Dockerfile" in msg and "ZeroDivisionError: kaboom" in msg
    # the crashing file still gets its other findings, and so do the other files
    assert ("svc000", "DKR951", 2, 1, "'latest' is mutable") in rows
    assert {r[0] for r in rows if r[1] == "DKR951"} == {"svc000", "svc001", "svc002"}
    assert report.internal_errors == 1 and report.failed(None)


def test_cli_exit_code_and_summary_on_internal_error(
    fake_kind: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from deploylint import cli
    from deploylint.engine import run as engine

    _tree(tmp_path, 2)
    monkeypatch.setattr(engine, "Registry", fakes.registry)
    result = CliRunner().invoke(cli.cli, ["check", str(tmp_path), "--fail-on", "never"])
    assert result.exit_code == 1, result.output
    assert "1 internal error: see CORE001." in result.output
    assert "CORE001 [error] internal error in rule DKR953 (crashes)" in result.output


def test_parallel_scan_equals_serial_byte_for_byte(fake_kind: None, tmp_path: Path) -> None:
    _tree(tmp_path, 140)
    serial = _scan(tmp_path, 1)
    par = _scan(tmp_path, 2)
    assert len(serial.findings) == 140 + 20 + 2 * 140  # DKR951 per file, CORE001 per 7th, DKR954 twice
    for fmt in ("json", "sarif", "text"):
        assert _render(par, fmt) == _render(serial, fmt)
    # explicit paths in another order give the same report too
    paths = sorted(tmp_path.glob("*/Dockerfile"), reverse=True)
    assert _render(_scan(tmp_path, 2, paths), "json") == _render(serial, "json")
    assert _render(_scan(tmp_path, 1, paths), "json") == _render(serial, "json")


def test_parallel_path_really_uses_workers(fake_kind: None, tmp_path: Path) -> None:
    from deploylint.discovery import discover
    from deploylint.engine import Selection

    _tree(tmp_path, 80)
    s = Settings(jobs=2, root=tmp_path.resolve())
    eng = Engine(s, fakes.registry())
    sel = Selection(eng.registry, s)
    targets = discover([tmp_path], s, tmp_path.resolve()).targets
    results = parallel.scan(eng, targets, tmp_path.resolve(), sel, 2)
    assert results is not None and len(results) == 80
    # every chunk came back from a worker: none was quietly redone in-process
    assert parallel.LAST_SCAN["in_workers"] == parallel.LAST_SCAN["chunks"] > 1
    assert [r.artifact.relpath for r in results if r.artifact] == [
        t.path.relative_to(tmp_path).as_posix() for t in targets
    ]
    # the project-reading rule was deferred in the worker, not run there
    assert all(r.deferred == ["DKR954"] for r in results)


def test_rule_reading_the_project_runs_once_with_it(fake_kind: None, tmp_path: Path) -> None:
    _tree(tmp_path, 1)
    rows = [r for r in _rows(_scan(tmp_path, 1)) if r[1] == "DKR954"]
    assert rows == [
        ("svc000", "DKR954", 1, 1, "before the project is read"),
        ("svc000", "DKR954", 1, 1, "project is LinkedProject"),
    ]


def test_effective_jobs() -> None:
    assert parallel.effective_jobs(8, 10) == 1  # too few files for a pool
    assert parallel.effective_jobs(8, 1000, cores=4) == 8
    assert parallel.effective_jobs(8, 1000, cores=2) == 4  # at most two workers per core
    assert parallel.effective_jobs(1024, 10_000, cores=2) == 4  # a repository's jobs = 1024
    assert parallel.effective_jobs(0, 1000, cores=8) == 1  # the default needs a large scan
    assert parallel.effective_jobs(0, 4000, cores=8) == 8
    assert parallel.effective_jobs(0, 4000, cores=2) == 1  # and enough cores (measured: 2 lose)
    assert parallel.effective_jobs(1, 1000) == 1


@pytest.mark.parametrize("jobs", [1, 2])
def test_time_budget_parse_and_rules(fake_kind: None, tmp_path: Path, jobs: int) -> None:
    _tree(tmp_path, 70 if jobs > 1 else 4)
    (tmp_path / "svc001" / "Dockerfile").write_text("latest\nspin\n", encoding="utf-8")
    (tmp_path / "svc002" / "Dockerfile").write_text("latest\nslow\n", encoding="utf-8")
    report = _scan(tmp_path, jobs, file_timeout=0.5)
    rows = _rows(report)
    by_dir = {d: [r[1:] for r in rows if r[0] == d] for d in ("svc001", "svc002", "svc003")}
    assert by_dir["svc001"] == [
        ("DKR000", 1, 1, "parsing took longer than the 0.5 s per-file budget; the file was not checked")
    ]
    assert by_dir["svc002"] == [
        (
            "DKR000",
            1,
            1,
            "checking took longer than the 0.5 s per-file budget; rules not run on this file: DKR952, DKR953, DKR954",
        ),
        ("DKR951", 1, 1, "'latest' is mutable"),
    ]
    if jobs > 1:
        assert ("DKR951", 1, 1, "'latest' is mutable") in by_dir["svc003"]


def test_total_order_does_not_depend_on_input_order() -> None:
    loc = Location("Dockerfile", Span(1, 1, 1, 5, 0, 4))
    base = Finding("DKR001", "x", Severity.WARNING, "m", loc)
    variants = [
        base,
        Finding("DKR001", "x", Severity.WARNING, "m", loc, related=(Location("a", Span(2, 1, 2, 2)),)),
        Finding("DKR001", "x", Severity.WARNING, "m", loc, related=(Location("b", Span(2, 1, 2, 2)),)),
        Finding("DKR001", "x", Severity.ERROR, "m", loc),
        Finding("DKR001", "x", Severity.WARNING, "m", loc, fix=Fix("t", (Edit(loc.span, "y"),))),
    ]
    orders = {tuple(sorted(p, key=total_key)) for p in itertools.permutations(variants)}
    assert len(orders) == 1


_HASHSEED_SCRIPT = """
import io, sys
from pathlib import Path
from deploylint.engine import Engine
from deploylint.kinds import PARSER_MODULE, Kind
from deploylint.reporters import ReportOptions, get
from deploylint.settings import Settings
from tests.hostile import fakes
PARSER_MODULE[Kind.DOCKERFILE] = "tests.hostile.fakes"
if __name__ == "__main__":
    root = Path(sys.argv[1])
    report = Engine(Settings(jobs=int(sys.argv[2]), root=root), fakes.registry()).run([root])
    out = io.StringIO()
    get(sys.argv[3])(report, out, ReportOptions())
    sys.stdout.write(out.getvalue())
"""


def test_output_does_not_depend_on_hash_seed(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    _tree(root, 70)
    script = tmp_path / "run.py"
    script.write_text(_HASHSEED_SCRIPT, encoding="utf-8")
    outs = set()
    for seed, jobs, fmt in [("0", "1", "sarif"), ("1", "2", "sarif"), ("12345", "1", "sarif")]:
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO)}
        proc = subprocess.run(
            [sys.executable, str(script), str(root.resolve()), jobs, fmt],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
            check=True,
        )
        outs.add(proc.stdout)
    assert len(outs) == 1
    assert json.loads(outs.pop())["runs"][0]["results"]
