"""The documentation: the mkdocs site builds strictly, and docs/json-schema.md matches the JSON output."""

from __future__ import annotations

import importlib.util
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from deploylint.findings import Applicability, Edit, Fix
from deploylint.reporters import ReportOptions
from deploylint.reporters.json import render
from tests.reporters.conftest import Builder

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(importlib.util.find_spec("mkdocs") is None, reason="mkdocs is not installed")
def test_mkdocs_build_strict(tmp_path: Path) -> None:
    res = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(tmp_path / "site")],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert res.returncode == 0, res.stdout + res.stderr
    assert (tmp_path / "site" / "integrations" / "index.html").is_file()


def _shape(value: Any) -> Any:
    """Keys and value types, recursively (the first element stands for a list)."""
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    return type(value).__name__


def test_json_schema_page_documents_the_actual_output(sample: Builder) -> None:
    doc_text = (REPO / "docs" / "json-schema.md").read_text(encoding="utf-8")
    example = json.loads(re.search(r"```json\n(.*?)```", doc_text, flags=re.DOTALL).group(1))  # type: ignore[union-attr]
    # give the sample what the example shows: a related note, a fix and a labelled file
    f = sample.findings[1]
    span = f.location.span
    fix = Fix("Publish on another host port", (Edit(span, "8080"),), Applicability.UNSAFE)
    from dataclasses import replace

    sample.findings[1] = replace(f, fix=fix)
    sample.findings = [sample.findings[1]]
    report = sample.report()
    report.artifacts[0].labels = {"profile": "production"}
    out = io.StringIO()
    render(report, out, ReportOptions())
    actual = json.loads(out.getvalue())
    assert _shape(example["findings"][0]) == _shape(actual["findings"][0])
    assert _shape(example["summary"]) == _shape(actual["summary"])
    assert set(example) == set(actual) and example["version"] == actual["version"]
    assert _shape(example["files"][1]) == _shape(actual["files"][0])
    # every documented field name appears in the tables
    for key in [*actual, *actual["findings"][0], *actual["summary"]]:
        assert f"`{key}`" in doc_text, key
