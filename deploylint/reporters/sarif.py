"""SARIF 2.1.0 (minimal; see issue #6 for the code-scanning-grade version)."""

from __future__ import annotations

import json
from typing import IO, Any

from deploylint import __version__
from deploylint.docs import help_uri, why
from deploylint.engine import Report
from deploylint.findings import Location
from deploylint.reporters import ReportOptions


def _loc(loc: Location) -> dict[str, Any]:
    s = loc.span
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": loc.path, "uriBaseId": "%SRCROOT%"},
            "region": {
                "startLine": s.start_line,
                "startColumn": s.start_col,
                "endLine": s.end_line,
                "endColumn": s.end_col,
            },
        }
    }


def render(report: Report, stream: IO[str], options: ReportOptions) -> None:
    used = sorted({f.rule_id for f in report.findings})
    rules = [report.registry.rules[r] for r in used if r in report.registry.rules]
    index = {r.id: i for i, r in enumerate(rules)}
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "deploylint",
                        "semanticVersion": __version__,
                        "informationUri": "https://github.com/deploylint/deploylint",
                        "rules": [
                            {
                                "id": r.id,
                                "name": r.name,
                                "shortDescription": {"text": r.meta.title},
                                "fullDescription": {"text": why(r)},
                                "helpUri": help_uri(r),
                                "defaultConfiguration": {"level": r.meta.severity.sarif_level},
                            }
                            for r in rules
                        ],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [
                    {
                        "ruleId": f.rule_id,
                        **({"ruleIndex": index[f.rule_id]} if f.rule_id in index else {}),
                        "level": f.severity.sarif_level,
                        "message": {"text": f.message},
                        "locations": [_loc(f.location)],
                        **({"relatedLocations": [_loc(r) for r in f.related]} if f.related else {}),
                    }
                    for f in report.findings
                ],
            }
        ],
    }
    json.dump(doc, stream, indent=2)
    stream.write("\n")
