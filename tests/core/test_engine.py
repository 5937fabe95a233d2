from __future__ import annotations

import pytest

from deploylint.engine import UsageError
from deploylint.findings import Severity
from deploylint.settings import Settings
from tests.core.conftest import Scan, triples


def test_findings_parse_errors_and_order(scan: Scan) -> None:
    report = scan({"Dockerfile": "ok\n  latest\nbad\n"})
    assert triples(report) == [("Dockerfile", "DKR901", 2, 3), ("Dockerfile", "DKR000", 3, 1)]
    f = report.findings[0]
    assert (f.location.span.end_line, f.location.span.end_col) == (2, 9)
    assert f.rule_name == "no-latest" and f.severity is Severity.WARNING


def test_crashing_rule_is_isolated(scan: Scan) -> None:
    report = scan({"Dockerfile": "boom\nlatest\n"})
    ids = [(f.rule_id, f.location.span.start_line) for f in report.findings]
    assert ("DKR901", 2) in ids
    crash = [f for f in report.findings if f.rule_id == "CORE001"]
    assert len(crash) == 1
    assert "DKR903" in crash[0].message and "crashes" in crash[0].message and "ZeroDivisionError" in crash[0].message
    assert report.internal_errors == 1
    assert report.failed(None)


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        (["DKR901"], {"DKR901"}),
        (["no-latest"], {"DKR901"}),
        (["DL3007"], {"DKR901"}),
        (["dl3007"], {"DKR901"}),
        (["DKR90"], {"DKR901", "DKR902", "DKR904"}),
        (["hardening"], {"DKR902"}),
    ],
)
def test_select_by_id_name_alias_prefix_tag(scan: Scan, selector: list[str], expected: set[str]) -> None:
    s = Settings(select=selector)
    report = scan({"Dockerfile": "latest\nsoft\nc\nd\ne\n"}, s)
    assert {f.rule_id for f in report.findings} == expected


def test_ignore_and_unknown_selector(scan: Scan) -> None:
    report = scan({"Dockerfile": "latest\nsoft\n"}, Settings(ignore=["DL3007"]))
    assert {f.rule_id for f in report.findings} == {"DKR902"}
    with pytest.raises(UsageError, match="unknown rule selector 'NOPE123'"):
        scan({"Dockerfile": "x\n"}, Settings(select=["NOPE123"]))


def test_severity_override_and_strict_preset(scan: Scan) -> None:
    report = scan({"Dockerfile": "latest\nsoft\n"}, Settings(severity={"no-latest": Severity.ERROR}))
    assert {f.rule_id: f.severity for f in report.findings} == {"DKR901": Severity.ERROR, "DKR902": Severity.INFO}
    report = scan({"Dockerfile": "latest\nsoft\n"}, Settings(preset="strict"))
    assert {f.rule_id: f.severity for f in report.findings} == {"DKR901": Severity.WARNING, "DKR902": Severity.WARNING}


def test_fail_threshold(scan: Scan) -> None:
    report = scan({"Dockerfile": "soft\n"})
    assert not report.failed(Severity.WARNING)
    assert report.failed(Severity.INFO)
    assert not report.failed(None)


def test_per_file_ignores_and_rule_ignores(scan: Scan) -> None:
    files = {"a/Dockerfile": "latest\n", "b/Dockerfile": "latest\n"}
    report = scan(files, Settings(per_file_ignores={"a/**": ["DKR901"]}))
    assert [f.location.path.split("/")[-2] for f in report.findings] == ["b"]
    report = scan(files, Settings(rule_ignores={"DL3007": ["b/Dockerfile"]}))
    assert [f.location.path.split("/")[-2] for f in report.findings] == ["a"]


def test_rule_options_typed_and_validated(scan: Scan) -> None:
    report = scan({"Dockerfile": "a\nb\nc\n"}, Settings(rule_options={"DKR904": {"limit": 2}}))
    assert triples(report) == [("Dockerfile", "DKR904", 3, 1)]
    with pytest.raises(UsageError, match="unknown option 'limt'"):
        scan({"Dockerfile": "a\n"}, Settings(rule_options={"DKR904": {"limt": 2}}))
    with pytest.raises(UsageError, match="option limit"):
        scan({"Dockerfile": "a\n"}, Settings(rule_options={"too-many": {"limit": "many"}}))
    with pytest.raises(UsageError, match="takes no options"):
        scan({"Dockerfile": "a\n"}, Settings(rule_options={"DKR901": {"x": 1}}))


def test_undecodable_and_oversized_files_get_positioned_findings(scan: Scan, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "Dockerfile").write_bytes(b"ok\nab\xff\n")
    (tmp_path / "big").mkdir()
    (tmp_path / "big" / "Dockerfile").write_text("x\n" * 100, encoding="utf-8")
    report = scan({"ok/Dockerfile": "latest\n"}, Settings(max_file_size=150))
    got = {
        (f.location.path.split("/")[-2], f.rule_id, f.location.span.start_line, f.location.span.start_col)
        for f in report.findings
    }
    assert got == {("bin", "DKR000", 2, 3), ("big", "DKR000", 1, 1), ("ok", "DKR901", 1, 1)}
    msgs = {f.location.path.split("/")[-2]: f.message for f in report.findings}
    assert "not valid UTF-8" in msgs["bin"] and "above the 150-byte limit" in msgs["big"]


def test_deterministic_order_and_dedupe(scan: Scan) -> None:
    files = {"z/Dockerfile": "latest\n", "a/Dockerfile": "latest\nlatest\n"}
    report = scan(files)
    assert [(f.location.path.split("/")[-2], f.location.span.start_line) for f in report.findings] == [
        ("a", 1),
        ("a", 2),
        ("z", 1),
    ]


def test_prefix_selection_leaves_preview_rules_off(scan: Scan) -> None:
    from dataclasses import replace

    from deploylint.registry import Status
    from tests.core import fakes

    preview = replace(fakes.harden, meta=replace(fakes.harden.meta, status=Status.PREVIEW))
    original = fakes.harden
    fakes_registry = fakes.fake_registry
    try:
        fakes.harden = preview
        report = scan({"Dockerfile": "latest\nsoft\n"}, Settings(select=["DKR"]))
        assert {f.rule_id for f in report.findings} == {"DKR901"}
        report = scan({"Dockerfile": "latest\nsoft\n"}, Settings(select=["DKR", "harden-me"]))
        assert {f.rule_id for f in report.findings} == {"DKR901", "DKR902"}
    finally:
        fakes.harden = original
        fakes.fake_registry = fakes_registry
