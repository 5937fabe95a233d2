"""`--ignore DKR000` switches a kind's parse errors off; a prefix or tag never hides a broken file."""

from __future__ import annotations

from pathlib import Path

from deploylint.engine import Engine
from deploylint.settings import Settings


def _ids(tmp_path: Path, ignore: list[str]) -> list[tuple[str, int]]:
    (tmp_path / ".git").mkdir(exist_ok=True)
    df = tmp_path / "Dockerfile"
    df.write_text("FROM alpine:3.20\nENV\n")  # ENV without a value: a syntax error on line 2
    report = Engine(Settings(root=tmp_path.resolve(), ignore=ignore)).run([df])
    return sorted((f.rule_id, f.location.span.start_line) for f in report.findings if f.rule_id.endswith("000"))


def test_parse_errors_are_reported_by_default(tmp_path: Path) -> None:
    assert _ids(tmp_path, []) == [("DKR000", 2)]


def test_naming_the_parse_error_rule_ignores_it(tmp_path: Path) -> None:
    assert _ids(tmp_path, ["DKR000"]) == []
    assert _ids(tmp_path, ["dockerfile-syntax-error"]) == []  # by name too


def test_a_prefix_does_not_hide_a_broken_file(tmp_path: Path) -> None:
    assert _ids(tmp_path, ["DKR"]) == [("DKR000", 2)]
