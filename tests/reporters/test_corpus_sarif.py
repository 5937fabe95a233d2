"""The issue's bar: SARIF of a scan over the whole shared corpus validates against the schema."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from deploylint.cli import cli
from tests.conftest import shared_path
from tests.reporters._schema import schema_errors


@pytest.mark.slow
def test_corpus_sarif_validates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = shared_path("corpus")
    monkeypatch.chdir(corpus.parent)  # the input is shared and read-only: no cache is written into it
    out = tmp_path / "corpus.sarif"
    res = CliRunner().invoke(
        cli, ["check", "corpus", "--no-cache", "--format", "sarif", "--output", str(out), "--quiet"]
    )
    doc = json.loads(out.read_text(encoding="utf-8"))
    run = doc["runs"][0]
    crashes = [r["message"]["text"] for r in run["results"] if r["ruleId"] == "CORE001"]
    assert crashes == [] and res.exit_code == 0, (res.output, crashes[:5])
    assert schema_errors(doc)[:5] == []
    for rule in run["tool"]["driver"]["rules"]:
        assert rule["help"]["text"] and rule["help"]["markdown"], rule["id"]
        assert rule["properties"]["tags"], rule["id"]
    for r in run["results"]:
        (loc,) = r["locations"]
        region = loc["physicalLocation"]["region"]
        assert set(region) == {"startLine", "startColumn", "endLine", "endColumn"}
        uri = loc["physicalLocation"]["artifactLocation"]["uri"]
        assert not uri.startswith(("/", "..")) and not os.path.isabs(uri), uri
        assert r["partialFingerprints"]["primaryLocationLineHash"], r
