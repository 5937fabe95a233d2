"""Smoke scan of the real nginx corpus: every file parses or reports NGX000, no internal errors."""

from __future__ import annotations

import pytest

from deploylint.engine import Engine
from deploylint.kinds import Kind
from deploylint.settings import Settings
from deploylint.testing import registry
from tests.conftest import shared_path


@pytest.mark.slow
def test_corpus_has_no_internal_errors() -> None:
    corpus = shared_path("corpus", "nginx")
    files = sorted(p for p in corpus.rglob("*") if p.is_file())
    settings = Settings(root=corpus.resolve(), fail_on=None)
    report = Engine(settings, registry(), kind=Kind.NGINX).run(files)
    internal = [f"{f.location.path}: {f.message}" for f in report.findings if f.rule_id == "CORE001"]
    assert not internal, internal[:5]
    nginx = [a for a in report.artifacts if a.kind is Kind.NGINX]
    assert len(nginx) >= 400
