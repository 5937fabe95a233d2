"""GitLab Code Quality report (a JSON array of issues), for ``artifacts:reports:codequality``.

Each issue has ``description``, ``check_name``, ``fingerprint`` (unique within the report and stable
across runs: it hashes the rule, the repository-relative path and the line hash, not the line
number), ``severity`` and ``location.path`` / ``location.lines.begin``.
"""

from __future__ import annotations

import hashlib
import json
from typing import IO, TYPE_CHECKING

from deploylint.engine import Report
from deploylint.findings import Severity
from deploylint.reporters import ReportOptions
from deploylint.reporters._escape import text as esc
from deploylint.reporters._locate import Locator

if TYPE_CHECKING:
    from deploylint.json_types import JSONLike

#: GitLab severities: info, minor, major, critical, blocker
SEVERITY = {Severity.INFO: "info", Severity.WARNING: "minor", Severity.ERROR: "major"}


def render(report: Report, stream: IO[str], options: ReportOptions) -> None:
    locator = Locator(report)
    issues: list[dict[str, JSONLike]] = []
    used: set[str] = set()
    for f in report.findings:
        path = esc(locator.uri(f.location.path))
        anchor = locator.line_hash(f) or f"line {f.location.span.start_line}"
        base = f"{f.rule_id}\x00{path}\x00{anchor}"
        n = 0
        while True:
            fingerprint = hashlib.sha256(f"{base}\x00{n}".encode()).hexdigest()[:32]
            if fingerprint not in used:
                break
            n += 1
        used.add(fingerprint)
        s = f.location.span
        issues.append(
            {
                "type": "issue",
                "description": esc(f"{f.rule_id}: {f.message}"),
                "check_name": esc(f"{f.rule_id} {f.rule_name}"),
                "fingerprint": fingerprint,
                "severity": SEVERITY[f.severity],
                "categories": ["Security"] if "security" in f.tags else ["Bug Risk"],
                "location": {"path": path, "lines": {"begin": s.start_line, "end": max(s.end_line, s.start_line)}},
            }
        )
    json.dump(issues, stream, indent=2, ensure_ascii=False)
    stream.write("\n")
