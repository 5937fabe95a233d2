"""Smoke scan of the real-world workflow corpus: every file parses or gives GHA000, never CORE001."""

from __future__ import annotations

import pytest

from deploylint.engine import Engine
from deploylint.kinds import Kind
from deploylint.settings import Settings
from deploylint.testing import registry
from tests.workflow._shared import shared


@pytest.mark.slow
def test_workflow_corpus_has_no_internal_errors() -> None:
    root = shared("corpus", "github-workflows")
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".yml", ".yaml"))
    assert len(files) > 1500
    settings = Settings(root=root)
    settings.fail_on = None
    report = Engine(settings, registry(), kind=Kind.WORKFLOW).run(files)
    internal = [f"{f.location.path}: {f.message}" for f in report.findings if f.rule_id == "CORE001"]
    assert internal == []
    assert len(report.artifacts) == len(files)
    # every rule id reported is one of ours or a parse error, never unregistered
    assert {f.rule_name for f in report.findings} - {r.name for r in registry()} == set()
