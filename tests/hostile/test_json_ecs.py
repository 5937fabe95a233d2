"""Hostile input for the ECS JSON parser: bombs refused at exact positions in bounded time and memory."""

from __future__ import annotations

from pathlib import Path

from deploylint.kinds import Kind
from tests.hostile.conftest import bounded
from tests.hostile.test_bombs import no_crash, only, scan, scan_measured

_HEAD = '{"family": "x", "containerDefinitions": '


def test_deep_nesting_is_refused_at_the_201st_level(tmp_path: Path) -> None:
    text = _HEAD + "[" * 100_000 + "]" * 100_000 + "}\n"
    with bounded(5, 100):
        rows = scan(tmp_path, Kind.ECS, text)
    assert only(rows, "ECS000", "CORE001") == [
        ("ECS000", 1, len(_HEAD) + 200, "JSON syntax error: JSON nests more than 200 levels deep")
    ]


def test_huge_array_is_refused_past_the_value_limit(tmp_path: Path) -> None:
    text = _HEAD + "[" + "0," * 1_200_000 + "0]}\n"
    rows = scan_measured(tmp_path, Kind.ECS, text, 10, 300)
    assert only(rows, "ECS000", "CORE001") == [
        ("ECS000", 1, 1, "JSON has more than 200,000 values; it was not read (a resource bomb?)")
    ]
    # just under the count bound, the parser's own limit stops it
    text = _HEAD + "[" + "[" * 150_000 + "]" * 150_000 + "]}\n"
    with bounded(5, 100):
        rows = scan(tmp_path, Kind.ECS, text)
    assert only(rows, "ECS000", "CORE001") == [
        ("ECS000", 1, len(_HEAD) + 200, "JSON syntax error: JSON nests more than 200 levels deep")
    ]


def test_long_strings_are_read_in_linear_time(tmp_path: Path) -> None:
    text = (
        _HEAD
        + '[{"name": "'
        + "a" * 2_000_000
        + '", "image": "acme/api:1.0", "user": "'
        + "\\u0041" * 100_000
        + '"}]}\n'
    )
    with bounded(10, 200):
        rows = scan(tmp_path, Kind.ECS, text, select=["ECS000", "ECS007"])
    no_crash(rows)
    assert only(rows, "ECS000") == []


def test_unterminated_string_and_many_quotes(tmp_path: Path) -> None:
    text = _HEAD + '[{"name": "' + '\\"' * 500_000
    with bounded(10, 200):
        rows = scan(tmp_path, Kind.ECS, text)
    assert only(rows, "ECS000", "CORE001") == [("ECS000", 1, len(_HEAD) + 11, "JSON syntax error: unterminated string")]


def test_invalid_utf8_is_a_positioned_finding(tmp_path: Path) -> None:
    (tmp_path / "taskdef.json").write_bytes(b'{"family": "x",\n "containerDefinitions": ["\xff\xfe"]}\n')
    from deploylint.engine import Engine
    from deploylint.settings import Settings
    from deploylint.testing import registry

    report = Engine(Settings(jobs=1, root=tmp_path.resolve(), fail_on=None), registry()).run([tmp_path])
    got = [(f.rule_id, f.location.span.start_line, f.location.span.start_col) for f in report.findings]
    assert got == [("ECS000", 2, 28)]


def test_content_discovery_ignores_other_json(tmp_path: Path) -> None:
    files = {
        "package.json": '{"name": "containerDefinitions", "scripts": {}}\n',
        "cfn.json": '{"Resources": {"T": {"Properties": {"containerDefinitions": []}}}}\n',
        "list.json": '[{"containerDefinitions": []}]\n',
        "notes.json": "{ not json, but mentions serviceName and taskDefinition\n",
        "broken.json": '{"serviceName": "api", "taskDefinition": "api:1",}\n',
    }
    rows = scan(tmp_path, Kind.ECS, '{"serviceName": "api", "taskDefinition": "api:1"}\n', files, select=["ECS"])
    from_others = [r for r in rows if r[0] == "ECS000"]
    assert from_others == [("ECS000", 1, 50, "JSON syntax error: expected a quoted key, found '}'")]
