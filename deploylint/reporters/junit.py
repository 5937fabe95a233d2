"""JUnit XML: one test suite per file, one failing test case per finding.

A file without findings gets one passing test case, so CI dashboards count it as checked.
"""

from __future__ import annotations

from typing import IO
from xml.etree import ElementTree as ET

from deploylint.engine import Report
from deploylint.findings import Finding
from deploylint.reporters import ReportOptions
from deploylint.reporters._xml import clean, write


def render(report: Report, stream: IO[str], options: ReportOptions) -> None:
    by_path: dict[str, list[Finding]] = {a.display: [] for a in report.artifacts}
    for f in report.findings:
        by_path.setdefault(f.location.path, []).append(f)
    total = sum(max(len(v), 1) for v in by_path.values())
    failures = len(report.findings)
    root = ET.Element("testsuites", name="deploylint", tests=str(total), failures=str(failures), errors="0")
    for path in sorted(by_path):
        group = by_path[path]
        suite = ET.SubElement(
            root,
            "testsuite",
            name=clean(path),
            tests=str(max(len(group), 1)),
            failures=str(len(group)),
            errors="0",
            skipped="0",
        )
        if not group:
            ET.SubElement(suite, "testcase", name="deploylint", classname=clean(path))
            continue
        for f in group:
            s = f.location.span
            where = f"{path}:{s.start_line}:{s.start_col}"
            case = ET.SubElement(
                suite, "testcase", name=clean(f"{f.rule_id} {f.rule_name} at {where}"), classname=clean(path)
            )
            failure = ET.SubElement(case, "failure", message=clean(f.message), type=f"{f.rule_id} {f.severity.value}")
            failure.text = clean(f"{where}: {f.rule_id} [{f.severity.value}] {f.message} ({f.rule_name})")
    write(root, stream)
