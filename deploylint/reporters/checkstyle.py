"""checkstyle XML: one ``<file>`` per scanned file, one ``<error>`` per finding (Jenkins, reviewdog...)."""

from __future__ import annotations

from typing import IO
from xml.etree import ElementTree as ET

from deploylint.engine import Report
from deploylint.findings import Finding
from deploylint.reporters import ReportOptions
from deploylint.reporters._xml import clean, write


def render(report: Report, stream: IO[str], options: ReportOptions) -> None:
    root = ET.Element("checkstyle", version="4.3")
    by_path: dict[str, list[Finding]] = {a.display: [] for a in report.artifacts}
    for f in report.findings:
        by_path.setdefault(f.location.path, []).append(f)
    for path in sorted(by_path):
        node = ET.SubElement(root, "file", name=clean(path))
        for f in by_path[path]:
            s = f.location.span
            ET.SubElement(
                node,
                "error",
                line=str(s.start_line),
                column=str(s.start_col),
                severity=f.severity.value,
                message=clean(f"{f.message} ({f.rule_name})"),
                source=f"deploylint.{f.rule_id}",
            )
    write(root, stream)
