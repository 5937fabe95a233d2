from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from deploylint.engine import Engine, Report
from deploylint.kinds import PARSER_MODULE, Kind
from deploylint.settings import Settings
from tests.core.fakes import fake_registry


@pytest.fixture
def fake_kind(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Route Dockerfiles to the fake line parser for engine-level tests."""
    monkeypatch.setitem(PARSER_MODULE, Kind.DOCKERFILE, "tests.core.fakes")
    yield


Scan = Callable[..., Report]


@pytest.fixture
def scan(fake_kind: None, tmp_path: Path) -> Scan:
    def run(files: dict[str, str], settings: Settings | None = None, paths: list[str] | None = None) -> Report:
        for rel, text in files.items():
            p = tmp_path / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(text, encoding="utf-8")
        s = settings or Settings()
        s.root = tmp_path.resolve()
        targets = [tmp_path / p for p in paths] if paths else [tmp_path]
        return Engine(s, fake_registry()).run(targets)

    return run


def triples(report: Report) -> list[tuple[str, str, int, int]]:
    return [
        (Path(f.location.path).name, f.rule_id, f.location.span.start_line, f.location.span.start_col)
        for f in report.findings
    ]
