"""Smoke scan of the real compose corpus: no internal error anywhere."""

from __future__ import annotations

from deploylint.engine import Engine
from deploylint.kinds import Kind
from deploylint.settings import Settings
from deploylint.testing import registry
from tests.conftest import shared_path


def test_compose_corpus_has_no_internal_error() -> None:
    corpus = shared_path("corpus", "compose")
    files = sorted(corpus.rglob("*.y*ml"))
    settings = Settings(root=corpus.resolve(), fail_on=None)
    report = Engine(settings, registry(), kind=Kind.COMPOSE).run(files)
    crashes = [f"{f.location.path}: {f.message}" for f in report.findings if f.rule_id == "CORE001"]
    assert crashes == []
    assert sum(1 for a in report.artifacts if a.kind.value == "compose") == len(files)
