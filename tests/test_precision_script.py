"""scripts/precision.py: judgment matching and the tables, on a tiny synthetic set (no scan)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "precision.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("precision_script", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


precision = _load()


def _judgment(repo: str, path: str, line: int, rule: str, message: str, verdict: str) -> str:
    return json.dumps(
        {
            "repo": repo,
            "commit": "0" * 40,
            "path": path,
            "line": line,
            "column": 1,
            "rule": rule,
            "severity": "warning",
            "message": message,
            "verdict": verdict,
            "reason": "synthetic",
        }
    )


JUDGMENTS = [
    _judgment("a/one", "compose.yaml", 3, "CMP002", "service 'web' has no restart policy", "true"),
    _judgment("a/one", "compose.yaml", 9, "CMP003", "service 'db' has no memory or CPU limit", "debatable"),
    _judgment("a/one", "Dockerfile", 4, "DKR053", "pipe without pipefail: a failure on the left is ignored", "false"),
    "",
    _judgment("b/two", "nginx.conf", 12, "NGX001", "plain-HTTP server", "true"),
]


def _finding(path: str, line: int, rule: str, message: str, severity: str = "warning") -> dict[str, object]:
    return {"rule_id": rule, "severity": severity, "message": message, "path": path, "line": line, "column": 1}


REPORT_ONE = {
    "findings": [
        # matched by message although the line moved
        _finding("compose.yaml", 5, "CMP002", "service 'web' has no restart policy"),
        # message reworded, matched by line
        _finding("./compose.yaml", 9, "CMP003", "service 'db' has no memory limit", "error"),
        _finding("Dockerfile", 4, "DKR053", "pipe without pipefail: a failure on the left is ignored"),
        # never judged
        _finding("Dockerfile", 7, "DKR060", "npm installs pnpm without a version"),
        # infos are not counted
        _finding("Dockerfile", 8, "DKR059", "apt-get installs curl without a version", "info"),
    ]
}
REPORT_TWO = {"findings": [_finding("nginx.conf", 12, "NGX001", "plain-HTTP server")]}


def _rows(by_rule: bool = False) -> list[Any]:
    matcher = precision.Matcher(precision.read_judgments(JUDGMENTS))
    findings = precision.findings_from_report("a/one", REPORT_ONE) + precision.findings_from_report("b/two", REPORT_TWO)
    rows: list[Any] = precision.tabulate(findings, matcher, ["a/one", "b/two", "c/absent"], by_rule=by_rule)
    return rows


def test_matching_counts_per_repository() -> None:
    rows = _rows()
    table = [
        (r.name, r.findings, r.counts["true"], r.counts["debatable"], r.counts["false"], r.counts["unjudged"])
        for r in rows
    ]
    assert table == [
        ("a/one", 4, 1, 1, 1, 1),
        ("b/two", 1, 1, 0, 0, 0),
        ("c/absent", 0, 0, 0, 0, 0),
        ("total", 5, 2, 1, 1, 1),
    ]


def test_plain_table() -> None:
    assert precision.render(_rows()).splitlines() == [
        "repo      warning+  true  debatable  false  unjudged  precision",
        "a/one            4     1          1      1         1        33%",
        "b/two            1     1          0      0         0       100%",
        "c/absent         0     0          0      0         0          -",
        "total            5     2          1      1         1        50%",
    ]


def test_markdown_table_by_rule() -> None:
    assert precision.render(_rows(by_rule=True), markdown=True, first="rule").splitlines() == [
        "| rule | warning+ | true | debatable | false | unjudged | precision |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        "| CMP002 | 1 | 1 | 0 | 0 | 0 | 100% |",
        "| CMP003 | 1 | 0 | 1 | 0 | 0 | 0% |",
        "| DKR053 | 1 | 0 | 0 | 1 | 0 | 0% |",
        "| DKR060 | 1 | 0 | 0 | 0 | 1 | - |",
        "| NGX001 | 1 | 1 | 0 | 0 | 0 | 100% |",
        "| **total** | **5** | **2** | **1** | **1** | **1** | **50%** |",
    ]


def test_bad_verdict_is_rejected() -> None:
    with pytest.raises(ValueError, match="line 1"):
        precision.read_judgments([_judgment("a/one", "x", 1, "R", "m", "maybe")])


def test_repos_tsv_of_the_set_is_readable() -> None:
    repos = precision.read_repos(precision.REPOS_TSV)
    assert len(repos) >= 12 and all("/" in r for r in repos)
    judged = precision.read_judgments(precision.JUDGMENTS.read_text(encoding="utf-8").splitlines())
    assert {j.repo for j in judged} <= set(repos)


def test_one_message_on_several_lines_keeps_each_lines_verdict() -> None:
    lines = [
        _judgment("a/one", "x.conf", 4, "NGX007", "proxy_pass does not forward Host", "debatable"),
        _judgment("a/one", "x.conf", 9, "NGX007", "proxy_pass does not forward Host", "false"),
    ]
    matcher = precision.Matcher(precision.read_judgments(lines))
    found = precision.findings_from_report(
        "a/one",
        {
            "findings": [
                _finding("x.conf", 9, "NGX007", "proxy_pass does not forward Host"),
                _finding("x.conf", 4, "NGX007", "proxy_pass does not forward Host"),
                _finding("x.conf", 20, "NGX007", "proxy_pass does not forward Host"),  # moved: by message
            ]
        },
    )
    assert [matcher.verdict(f) for f in found] == ["false", "debatable", "debatable"]
