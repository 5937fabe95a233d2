from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from deploylint.findings import Severity
from deploylint.kinds import Kind
from deploylint.reporters import ReportOptions
from deploylint.reporters import sarif as sarif_mod
from deploylint.reporters._locate import line_hashes
from tests.reporters._schema import schema_errors
from tests.reporters.conftest import COMPOSE, DOCKERFILE, Builder

REPO = Path(__file__).resolve().parents[2]


def render(b: Builder, **opts: Any) -> dict[str, Any]:
    out = io.StringIO()
    sarif_mod.render(b.report(), out, ReportOptions(**opts))
    doc: dict[str, Any] = json.loads(out.getvalue())
    return doc


def test_validates_against_the_oasis_schema(sample: Builder) -> None:
    doc = render(sample)
    assert schema_errors(doc) == []
    assert doc["version"] == "2.1.0" and doc["$schema"].endswith("sarif-2.1.0.json")
    assert len(doc["runs"]) == 1


def test_run_header(sample: Builder) -> None:
    run = render(sample)["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "deploylint"
    assert driver["semanticVersion"]
    assert driver["informationUri"] == "https://github.com/deploylint/deploylint"
    assert run["automationDetails"] == {"id": "deploylint/"}
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["invocations"] == [{"executionSuccessful": True}]


def test_category_sets_automation_id(sample: Builder) -> None:
    assert render(sample, category="docker/")["runs"][0]["automationDetails"]["id"] == "docker/"
    # GitHub reads the part before the last "/" as the category: a bare name gets its slash
    assert render(sample, category="docker")["runs"][0]["automationDetails"]["id"] == "docker/"
    assert render(sample, category="docker/run-1")["runs"][0]["automationDetails"]["id"] == "docker/run-1"


def test_rules_describe_every_rule_that_appears(sample: Builder) -> None:
    rules = render(sample)["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["TST001", "TST002", "TST003"]
    sec, err, info = rules
    assert sec["name"] == "latest-tag"
    assert sec["shortDescription"] == {"text": "Base image uses the latest tag"}
    assert sec["fullDescription"] == {"text": "A moving tag makes builds irreproducible."}
    assert sec["helpUri"] == "https://github.com/deploylint/deploylint/blob/main/docs/rules/TST001.md"
    assert sec["defaultConfiguration"] == {"level": "warning"}
    assert sec["properties"] == {
        "tags": ["security", "supply-chain", "dockerfile"],
        "precision": "high",
        "security-severity": "5.5",
    }
    md = sec["help"]["markdown"]
    assert md.startswith("**Base image uses the latest tag**\n\nA moving tag makes builds irreproducible.\n")
    assert "#### Example\n\n```dockerfile\nFROM python:latest\n```" in md
    assert "#### Use instead\n\n```dockerfile\nFROM python:3.12-slim\n```" in md
    assert "Also known as: `DL3007`" in md
    assert "Example:\n    FROM python:latest\n\nUse instead:\n    FROM python:3.12-slim" in sec["help"]["text"]
    assert err["defaultConfiguration"] == {"level": "error"}
    assert err["properties"] == {
        "tags": ["correctness", "compose"],
        "precision": "very-high",
        "problem.severity": "error",
    }
    assert info["defaultConfiguration"] == {"level": "note"}
    assert info["properties"]["problem.severity"] == "recommendation"
    assert "security-severity" not in info["properties"]


def test_results(sample: Builder) -> None:
    results = render(sample)["runs"][0]["results"]
    assert [(r["ruleId"], r["ruleIndex"], r["level"]) for r in results] == [
        ("TST001", 0, "warning"),
        ("TST002", 1, "error"),
        ("TST003", 2, "note"),
    ]
    first = results[0]
    assert first["message"] == {"text": "Base image python uses the latest tag. Pin a version."}
    assert first["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "Dockerfile", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 2, "startColumn": 6, "endLine": 2, "endColumn": 19},
            }
        }
    ]
    assert "relatedLocations" not in first
    assert results[2]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "nginx/nginx.conf"


def test_related_locations_are_linked_from_the_message(sample: Builder) -> None:
    result = render(sample)["runs"][0]["results"][1]
    assert result["message"]["text"] == (
        "Host port 80 is also published by service web \\[web\\]. (see [deploy/compose.yaml:3](1))"
    )
    assert result["relatedLocations"] == [
        {
            "id": 1,
            "physicalLocation": {
                "artifactLocation": {"uri": "deploy/compose.yaml", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 3, "startColumn": 14, "endLine": 3, "endColumn": 19},
            },
            "message": {"text": "first published here"},
        }
    ]


def test_fingerprints_are_the_upload_actions_line_hash(sample: Builder) -> None:
    results = render(sample)["runs"][0]["results"]
    fps = [r["partialFingerprints"]["primaryLocationLineHash"] for r in results]
    assert fps[0] == line_hashes(DOCKERFILE)[1] == "9ebb090ac04f3cba:1"
    assert fps[1] == line_hashes(COMPOSE)[4] == "d67cfb4fe5db9583:1"
    assert all("partialFingerprints" not in r for r in render(sample, fingerprints=False)["runs"][0]["results"])


def test_fingerprint_ignores_lines_above(builder: Builder) -> None:
    builder.file("Dockerfile", "FROM a\n\n\n# more\nFROM python:latest\n", Kind.DOCKERFILE)
    builder.add("TST001", "Dockerfile", (5, 6, 5, 19), "latest.")
    moved = render(builder)["runs"][0]["results"][0]["partialFingerprints"]
    other = Builder(builder.root.parent / "other")
    other.file("Dockerfile", "FROM python:latest\n", Kind.DOCKERFILE)
    other.add("TST001", "Dockerfile", (1, 6, 1, 19), "latest.")
    assert render(other)["runs"][0]["results"][0]["partialFingerprints"] == moved


def test_region_is_never_empty(builder: Builder) -> None:
    builder.file("Dockerfile", "FROM x\n", Kind.DOCKERFILE)
    builder.add("TST001", "Dockerfile", (1, 3, 1, 3), "empty span.")
    region = render(builder)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 1, "startColumn": 3, "endLine": 1, "endColumn": 4}


def test_columns_count_code_points(builder: Builder) -> None:
    builder.file("Dockerfile", 'LABEL x="😀" y=1\n', Kind.DOCKERFILE)
    builder.add("TST001", "Dockerfile", (1, 13, 1, 16), "after an emoji.")
    doc = render(builder)
    assert doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"] == 13
    assert schema_errors(doc) == []


def test_result_limit_keeps_the_most_severe(sample: Builder, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sarif_mod, "MAX_RESULTS", 2)
    err = io.StringIO()
    log = sarif_mod.build(sample.report(), ReportOptions(), warn=err)
    doc = json.loads(log.to_json())
    assert [r["ruleId"] for r in doc["runs"][0]["results"]] == ["TST001", "TST002"]
    assert [r["id"] for r in doc["runs"][0]["tool"]["driver"]["rules"]] == ["TST001", "TST002"]
    assert "3 findings exceed the SARIF limit of 2 results" in err.getvalue()
    notes = doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert notes[0]["level"] == "warning" and "least severe" in notes[0]["message"]["text"]
    assert schema_errors(doc) == []


def test_related_and_tag_limits(builder: Builder, monkeypatch: pytest.MonkeyPatch) -> None:
    builder.file("deploy/compose.yaml", "x\n" * 300, Kind.COMPOSE)
    related = tuple(builder.loc("deploy/compose.yaml", n, 1, n, 2) for n in range(2, 300))
    builder.add("TST002", "deploy/compose.yaml", (1, 1, 1, 2), "many.", related=related)
    r = builder.registry.rules["TST002"]
    from dataclasses import replace

    builder.registry.rules["TST002"] = replace(r, meta=replace(r.meta, tags=tuple(f"t{i}" for i in range(30))))
    doc = render(builder)
    assert len(doc["runs"][0]["results"][0]["relatedLocations"]) == sarif_mod.MAX_RELATED
    assert len(doc["runs"][0]["results"][0]["locations"]) == 1
    assert len(doc["runs"][0]["tool"]["driver"]["rules"][0]["properties"]["tags"]) == 20


def test_internal_error_marks_the_invocation_failed(builder: Builder) -> None:
    from deploylint.engine import Report
    from deploylint.findings import Finding, Location
    from deploylint.source import START

    builder.file("Dockerfile", "FROM x\n", Kind.DOCKERFILE)
    report = builder.report()
    crash = Finding(
        "CORE001",
        "internal-error",
        Severity.ERROR,
        "internal error.",
        Location(builder.sources["Dockerfile"].display, START),
    )
    doc = json.loads(
        sarif_mod.build(
            Report([crash], report.artifacts, report.registry, report.settings, report.root), ReportOptions()
        ).to_json()
    )
    assert doc["runs"][0]["invocations"] == [{"executionSuccessful": False}]
    # a rule the registry does not know still gets a valid descriptor
    assert doc["runs"][0]["tool"]["driver"]["rules"][0]["id"] == "CORE001"
    assert schema_errors(doc) == []


def test_pydantic_is_imported_only_when_sarif_is_rendered() -> None:
    code = (
        "import sys, deploylint.reporters.sarif, deploylint.reporters.gitlab, deploylint.baseline;"
        "assert 'pydantic' not in sys.modules, 'eager pydantic import'"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert res.returncode == 0, res.stderr
