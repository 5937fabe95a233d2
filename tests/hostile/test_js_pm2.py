"""Hostile input for the PM2 JavaScript reader: bounded, positioned, and nothing is evaluated."""

from __future__ import annotations

from pathlib import Path

from deploylint.kinds import Kind
from tests.hostile.conftest import bounded
from tests.hostile.test_bombs import no_crash, only, scan

_HEAD = "module.exports = { apps: "


def test_deep_nesting_is_refused_at_the_201st_level(tmp_path: Path) -> None:
    text = _HEAD + "[" * 50_000 + "]" * 50_000 + " };\n"
    with bounded(10, 300):
        rows = scan(tmp_path, Kind.PM2, text)
    assert only(rows, "PM2000", "CORE001") == [
        ("PM2000", 1, len(_HEAD) + 201, "the configuration nests more than 200 levels deep")
    ]


def test_huge_array_is_refused_up_front(tmp_path: Path) -> None:
    text = _HEAD + "[" + "0," * 500_000 + "0] };\n"
    with bounded(5, 100):
        rows = scan(tmp_path, Kind.PM2, text)
    assert only(rows, "PM2000", "CORE001") == [
        ("PM2000", 1, 1, "the file has more than 200,000 values; it was not read")
    ]


def test_long_strings_and_non_ascii_keep_exact_columns(tmp_path: Path) -> None:
    long = "é" * 1_000_000
    text = f'module.exports = {{ apps: [{{ name: "{long}", script: "s.js", autorestart: false }}] }};\n'
    with bounded(20, 400):
        rows = scan(tmp_path, Kind.PM2, text, select=["PM2000", "PM2004"])
    no_crash(rows)
    col = text.index("false") + 1  # code points, not bytes
    assert [r[:3] for r in rows] == [("PM2004", 1, col)]


def test_invalid_utf8_is_a_positioned_finding(tmp_path: Path) -> None:
    (tmp_path / "ecosystem.config.js").write_bytes(b'module.exports = {\n  apps: ["\xc3("] };\n')
    from deploylint.engine import Engine
    from deploylint.settings import Settings
    from deploylint.testing import registry

    report = Engine(Settings(jobs=1, root=tmp_path.resolve(), fail_on=None), registry()).run([tmp_path])
    assert [(f.rule_id, f.location.span.start_line, f.location.span.start_col) for f in report.findings] == [
        ("PM2000", 2, 11)
    ]


def test_code_is_unknown_never_evaluated(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = (
        f'const cp = require("child_process"); cp.execSync("touch {marker}");\n'
        "module.exports = {\n"
        f'  apps: [{{ name: (() => {{ require("fs").writeFileSync("{marker}", "x"); return "api"; }})(),\n'
        '           script: `${process.exit(3)}.js`, autorestart: eval("false"), env: { A: process.env.A || "b" } }],\n'
        "};\n"
    )
    rows = scan(tmp_path, Kind.PM2, text, select=["PM2"])
    no_crash(rows)
    assert not marker.exists()
    assert only(rows, "PM2000", "PM2004", "PM2007") == []  # unknown values are not judged
