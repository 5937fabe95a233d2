"""End to end through the CLI, with the fake Dockerfile kind of tests/core (one statement a line)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from deploylint.cli import cli
from deploylint.kinds import PARSER_MODULE, Kind
from tests.core.fakes import fake_registry
from tests.reporters._schema import schema_errors


@pytest.fixture
def repo(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    monkeypatch.setitem(PARSER_MODULE, Kind.DOCKERFILE, "tests.core.fakes")
    monkeypatch.setattr("deploylint.engine.run.Registry", fake_registry)
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "app").mkdir()
    (root / "app" / "Dockerfile").write_text("# base\nfrom latest\nsoft\n", encoding="utf-8")
    monkeypatch.chdir(root)
    yield root


def run(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(cli, list(args))
    return res.exit_code, res.stdout, res.stderr


def test_sarif_exits_0_with_findings_unless_fail_on(repo: Path) -> None:
    code, out, _ = run("check", "--format", "sarif", ".")
    assert code == 0
    doc = json.loads(out)
    assert schema_errors(doc) == []
    results = doc["runs"][0]["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for r in results] == [
        ("DKR901", "app/Dockerfile"),
        ("DKR902", "app/Dockerfile"),
    ]
    assert run("check", "--format", "sarif", "--fail-on", "warning", ".")[0] == 1
    assert run("check", "--format", "sarif", "--fail-on", "error", ".")[0] == 0
    assert run("check", ".")[0] == 1  # text: warning threshold by default


def test_uris_are_relative_to_the_repo_root_from_any_working_folder(repo: Path) -> None:
    os.chdir(repo / "app")
    _, out, _ = run("check", "--format", "sarif", "--category", "docker/", "Dockerfile")
    doc = json.loads(out)
    assert doc["runs"][0]["automationDetails"]["id"] == "docker/"
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in doc["runs"][0]["results"]} == {
        "app/Dockerfile"
    }


def test_paths_under_symlinks_are_resolved(repo: Path) -> None:
    (repo / "link").symlink_to(repo / "app", target_is_directory=True)
    _, out, _ = run("check", "--format", "sarif", "link/Dockerfile")
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in json.loads(out)["runs"][0]["results"]
    }
    assert uris == {"app/Dockerfile"}


def test_other_formats_through_the_cli(repo: Path, tmp_path: Path) -> None:
    for fmt in ("gitlab", "junit", "checkstyle"):
        target = tmp_path / f"report.{fmt}"
        code, out, err = run("check", "--format", fmt, "-o", str(target), ".")
        assert code == 1 and out == ""
        assert "Found 2 findings" in err
        assert target.read_text(encoding="utf-8").strip()
    issues = json.loads((tmp_path / "report.gitlab").read_text(encoding="utf-8"))
    assert [(i["check_name"], i["location"]) for i in issues] == [
        ("DKR901 no-latest", {"path": "app/Dockerfile", "lines": {"begin": 2, "end": 2}}),
        ("DKR902 harden-me", {"path": "app/Dockerfile", "lines": {"begin": 3, "end": 3}}),
    ]


def test_baseline_round_trip(repo: Path, tmp_path: Path) -> None:
    base = tmp_path / "baseline.json"
    code, _, err = run("baseline", str(base), ".")
    assert code == 0 and "wrote 2 findings" in err
    doc = json.loads(base.read_text(encoding="utf-8"))
    assert doc["version"] == 1
    assert [(r["rule_id"], r["path"], r["line"]) for r in doc["findings"]] == [
        ("DKR901", "app/Dockerfile", 2),
        ("DKR902", "app/Dockerfile", 3),
    ]
    code, out, err = run("check", "--baseline", str(base), ".")
    assert code == 0 and "No findings in 1 file." in out
    assert "2 findings hidden by baseline" in err
    # lines added above keep the old findings matched; a new finding still shows
    dockerfile = repo / "app" / "Dockerfile"
    dockerfile.write_text("from latest2\n# note\n\n# base\nfrom latest\nsoft\n", encoding="utf-8")
    code, out, _ = run("check", "--baseline", str(base), "--format", "json", ".")
    assert code == 1
    assert [(f["rule_id"], f["line"]) for f in json.loads(out)["findings"]] == [("DKR901", 1)]
    # an edit just below changes the line hash; the line's content still matches it
    dockerfile.write_text("# base\nfrom latest\nsoft\nfrom ok\n", encoding="utf-8")
    code, out, _ = run("check", "--baseline", str(base), "--format", "json", ".")
    assert json.loads(out)["findings"] == [] and code == 0
    # a second identical finding is new: matching counts
    dockerfile.write_text("# base\nfrom latest\nfrom latest\nsoft\n", encoding="utf-8")
    code, out, _ = run("check", "--baseline", str(base), "--format", "json", ".")
    assert [(f["rule_id"], f["line"]) for f in json.loads(out)["findings"]] == [("DKR901", 2)]
    # fixing a baselined finding is reported as a stale entry
    (repo / "app" / "Dockerfile").write_text("from x\nsoft\n", encoding="utf-8")
    code, out, err = run("check", "--baseline", str(base), ".")
    assert code == 0 and "1 baseline entries no longer match" in err


def test_bad_baseline_is_a_usage_error(repo: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    code, _, err = run("check", "--baseline", str(bad), ".")
    assert code == 2 and "not a version 1 deploylint baseline" in err
    code, _, err = run("check", "--baseline", str(tmp_path / "missing.json"), ".")
    assert code == 2 and "cannot read baseline" in err


def _uris(out: str) -> list[str]:
    return [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in json.loads(out)["runs"][0]["results"]
    ]


def test_uris_are_percent_encoded(repo: Path) -> None:
    (repo / "my app").mkdir()
    (repo / "my app" / "Dockerfile").write_text("from latest\n", encoding="utf-8")
    _, out, _ = run("check", "--format", "sarif", "my app")
    assert _uris(out) == ["my%20app/Dockerfile"]
    assert schema_errors(json.loads(out)) == []


def test_a_file_outside_the_root_gets_an_absolute_file_uri(repo: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "Dockerfile").write_text("from latest\n", encoding="utf-8")
    _, out, _ = run("check", "--format", "sarif", "app/Dockerfile", str(elsewhere / "Dockerfile"))
    doc = json.loads(out)
    locs = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in doc["runs"][0]["results"]]
    assert {"uri": "app/Dockerfile", "uriBaseId": "%SRCROOT%"} in locs
    assert {"uri": (elsewhere / "Dockerfile").resolve().as_uri()} in locs
    assert schema_errors(doc) == []
