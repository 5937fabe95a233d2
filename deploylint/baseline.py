"""Baselines: record today's findings, then report only new ones.

A baseline is a JSON file listing findings by rule id, repository-relative path and fingerprint.
The fingerprint is the line hash of the finding's line (the same value as SARIF's
``primaryLocationLineHash``): it depends on the text of that line and the few lines after it, not on
the line number, so adding or removing lines above a baselined finding keeps it matched. Matching
counts: two identical findings in the baseline hide at most two in the new run.

Internal errors (CORE001) are never baselined.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from deploylint import __version__
from deploylint.engine import INTERNAL_ERROR, Report
from deploylint.findings import Finding
from deploylint.reporters._locate import Locator

BASELINE_VERSION = 1

Key = tuple[str, str, str]


class BaselineError(Exception):
    """The baseline file is missing or malformed: exit code 2."""


@dataclass(frozen=True, slots=True)
class Applied:
    report: Report
    hidden: int  # findings the baseline matched
    stale: int  # baseline entries nothing matched (fixed since)


def fingerprint(locator: Locator, f: Finding) -> str:
    value = locator.line_hash(f)
    if value is None:  # the file cannot be read again: fall back to the message
        value = "msg:" + hashlib.sha256(f.message.encode()).hexdigest()[:16]
    return value


def key(locator: Locator, f: Finding) -> Key:
    return (f.rule_id, locator.uri(f.location.path), fingerprint(locator, f))


def build(report: Report) -> dict[str, Any]:
    locator = Locator(report)
    rows = []
    for f in report.findings:
        if f.rule_id == INTERNAL_ERROR:
            continue
        rule_id, path, fp = key(locator, f)
        rows.append(
            {"rule_id": rule_id, "path": path, "fingerprint": fp, "line": f.location.span.start_line, "message": f.message}
        )
    rows.sort(key=lambda r: (r["path"], r["line"], r["rule_id"], r["fingerprint"], r["message"]))
    return {"version": BASELINE_VERSION, "tool": {"name": "deploylint", "version": __version__}, "findings": rows}


def write(report: Report, path: Path) -> int:
    """Write the baseline of ``report`` to ``path``; returns how many findings it holds."""
    doc = build(report)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(doc["findings"])


def load(path: Path) -> Counter[Key]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(f"cannot read baseline {path}: {exc.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"baseline {path} is not JSON: {exc}") from None
    if not isinstance(doc, dict) or doc.get("version") != BASELINE_VERSION or not isinstance(doc.get("findings"), list):
        raise BaselineError(f"baseline {path} is not a version {BASELINE_VERSION} deploylint baseline")
    out: Counter[Key] = Counter()
    for i, row in enumerate(doc["findings"]):
        try:
            out[(str(row["rule_id"]), str(row["path"]), str(row["fingerprint"]))] += 1
        except (TypeError, KeyError):
            raise BaselineError(f"baseline {path}: entry {i} lacks rule_id, path or fingerprint") from None
    return out


def apply(report: Report, baseline: Counter[Key]) -> Applied:
    """The report without the findings the baseline holds."""
    locator = Locator(report)
    left = Counter(baseline)
    kept: list[Finding] = []
    for f in report.findings:
        k = key(locator, f)
        if f.rule_id != INTERNAL_ERROR and left[k] > 0:
            left[k] -= 1
            continue
        kept.append(f)
    return Applied(replace(report, findings=kept), len(report.findings) - len(kept), sum(left.values()))
