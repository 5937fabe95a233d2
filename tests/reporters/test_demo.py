"""Reporters and baselines over fixtures/demo, scanned with the real rules."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from deploylint.cli import cli
from deploylint.reporters._locate import line_hashes
from tests.reporters._schema import schema_errors

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "fixtures" / "demo"


def run(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(cli, list(args))
    return res.exit_code, res.stdout, res.stderr


def test_demo_sarif(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    code, out, _ = run("check", "--format", "sarif", "fixtures/demo")
    assert code == 0
    doc = json.loads(out)
    assert schema_errors(doc) == []
    run_ = doc["runs"][0]
    rules = {r["id"]: r for r in run_["tool"]["driver"]["rules"]}
    by_rule = {r["ruleId"]: r for r in run_["results"]}
    latest = by_rule["DKR001"]
    loc = latest["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "fixtures/demo/Dockerfile", "uriBaseId": "%SRCROOT%"}
    text = (DEMO / "Dockerfile").read_text(encoding="utf-8")
    line = loc["region"]["startLine"]
    assert text.splitlines()[line - 1].startswith("FROM ")
    assert latest["partialFingerprints"] == {"primaryLocationLineHash": line_hashes(text)[line - 1]}
    # a cross-file finding links the other file
    related = [r for r in run_["results"] if r.get("relatedLocations")]
    assert any(
        rel["physicalLocation"]["artifactLocation"]["uri"] == "fixtures/demo/.dockerignore"
        for r in related
        for rel in r["relatedLocations"]
    )
    for r in related:
        assert "](1)" in r["message"]["text"]
    for rule in rules.values():
        if "security" in rule["properties"]["tags"]:
            assert 0.1 <= float(rule["properties"]["security-severity"]) <= 10.0


def test_demo_baseline_survives_edits_above_and_shows_new_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    proj = tmp_path / "demo"
    shutil.copytree(DEMO, proj)
    (proj / ".git").mkdir()
    monkeypatch.chdir(proj)
    code, _, err = run("baseline", "baseline.json")
    assert code == 0
    recorded = json.loads((proj / "baseline.json").read_text(encoding="utf-8"))["findings"]
    assert len(recorded) >= 10 and {"DKR001", "DKR008"} <= {r["rule_id"] for r in recorded}
    code, out, _ = run("check", "--baseline", "baseline.json", "--format", "json")
    assert code == 0 and json.loads(out)["findings"] == []
    # edits above every finding: comments at the top of each file
    for rel in ("Dockerfile", "nginx/default.conf", "compose.yaml"):
        p = proj / rel
        p.write_text("# reviewed\n# by the team\n\n" + p.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = run("check", "--baseline", "baseline.json", "--format", "json")
    assert json.loads(out)["findings"] == [], err
    assert code == 0
    # a new problem still shows, at its new line
    df = proj / "Dockerfile"
    df.write_text(df.read_text(encoding="utf-8").replace("EXPOSE 3000", "EXPOSE 3000/TCP"), encoding="utf-8")
    code, out, _ = run("check", "--baseline", "baseline.json", "--format", "json")
    assert [(f["rule_id"], f["path"], f["line"]) for f in json.loads(out)["findings"]] == [("DKR020", "Dockerfile", 16)]
