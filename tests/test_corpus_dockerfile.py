"""The real Dockerfile corpus: every Dockerfile rule runs on 2,389 files without an internal error."""

from __future__ import annotations

from collections import Counter

import pytest

from deploylint.engine import Engine
from deploylint.settings import Settings
from deploylint.testing import registry
from tests.conftest import shared_path

#: files BuildKit itself refuses (its negative tests, checkov's secret fixtures, deliberately broken
#: test data); measured 2026-11-26
DKR000_FILES = 24


@pytest.mark.slow
def test_dockerfile_corpus_has_no_internal_errors() -> None:
    corpus = shared_path("corpus", "dockerfile").resolve()
    settings = Settings(select=["DKR", "CORE001"], root=corpus, fail_on=None, jobs=2)
    report = Engine(settings, registry()).run([corpus])
    counts = Counter(f.rule_id for f in report.findings)
    crashes = [f.message for f in report.findings if f.rule_id == "CORE001"]
    assert crashes == []
    assert len(report.artifacts) > 2000
    files_with_errors = {f.location.path for f in report.findings if f.rule_id == "DKR000"}
    assert len(files_with_errors) <= DKR000_FILES + 5, sorted(files_with_errors)
    assert counts["DKR001"] > 0 and counts["DKR002"] > 0
