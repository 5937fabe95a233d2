"""Reporters over a real scan: the real parsers and rules of every kind (syntax findings for now)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from deploylint.engine import Engine, Report
from deploylint.reporters import ReportOptions, get
from deploylint.reporters._locate import line_hashes
from deploylint.settings import Settings
from deploylint.testing import registry
from tests.reporters._schema import schema_errors

FILES = {
    "Dockerfile": "FROM python:3.12\nRUN --bogus=1 echo\n",
    "deploy/compose.yaml": "services:\n  web:\n    image: nginx\n    ports: 80\n",
    "nginx/nginx.conf": "events {}\nhttp {\n  server {\n    listen 80\n  }\n}\n",
    ".github/workflows/ci.yml": "on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps: 3\n",
}


@pytest.fixture
def report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Report:
    root = tmp_path / "proj"
    for rel, text in FILES.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    (root / ".git").mkdir()
    monkeypatch.chdir(root)
    return Engine(Settings(select=["DKR000", "CMP000", "NGX000", "GHA000"]), registry()).run([Path()])


def _render(report: Report, fmt: str) -> str:
    out = io.StringIO()
    get(fmt)(report, out, ReportOptions())
    return out.getvalue()


def test_sarif_of_a_real_scan(report: Report) -> None:
    doc = json.loads(_render(report, "sarif"))
    assert schema_errors(doc) == []
    run = doc["runs"][0]
    results = {
        (
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in run["results"]
    }
    assert results == {
        ("DKR000", "Dockerfile", 2),
        ("CMP000", "deploy/compose.yaml", 4),
        ("NGX000", "nginx/nginx.conf", 4),
        ("GHA000", ".github/workflows/ci.yml", 5),
    }
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["CMP000", "DKR000", "GHA000", "NGX000"]
    for rule in run["tool"]["driver"]["rules"]:
        assert rule["help"]["markdown"] and rule["properties"]["tags"]
        assert rule["helpUri"].endswith(f"/docs/rules/{rule['id']}.md")
    for r in run["results"]:
        loc = r["locations"][0]["physicalLocation"]
        text = FILES[loc["artifactLocation"]["uri"]]
        assert r["partialFingerprints"]["primaryLocationLineHash"] == line_hashes(text)[loc["region"]["startLine"] - 1]


@pytest.mark.parametrize("fmt", ["gitlab", "junit", "checkstyle", "json", "text", "github"])
def test_every_format_renders_a_real_scan(report: Report, fmt: str) -> None:
    text = _render(report, fmt)
    for path in FILES:
        assert path in text, (fmt, path)


def test_sarif_with_every_rule_validates(report: Report) -> None:
    everything = Engine(Settings(), registry()).run([Path()])
    assert len(everything.findings) > len(report.findings)
    doc = json.loads(_render(everything, "sarif"))
    assert schema_errors(doc) == []
    run = doc["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert ids == sorted({f.rule_id for f in everything.findings})
    for rule in run["tool"]["driver"]["rules"]:
        props = rule["properties"]
        assert 0 < len(props["tags"]) <= 20
        if "security" in props["tags"]:
            assert 0.1 <= float(props["security-severity"]) <= 10.0
        else:
            assert props["problem.severity"] in ("error", "warning", "recommendation")
    for r in run["results"]:
        assert run["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] == r["ruleId"]
        assert r["partialFingerprints"]["primaryLocationLineHash"]
