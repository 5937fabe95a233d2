"""GitHub Actions workflow commands, so findings show as annotations on the pull request."""

from __future__ import annotations

from typing import IO

from deploylint.engine import Report
from deploylint.reporters import ReportOptions

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_prop(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, stream: IO[str], options: ReportOptions) -> None:
    for f in report.findings:
        s = f.location.span
        props = [
            f"file={_escape_prop(f.location.path)}",
            f"line={s.start_line}",
            f"col={s.start_col}",
            f"endLine={s.end_line}",
        ]
        if s.end_line == s.start_line:
            props.append(f"endColumn={s.end_col}")
        props.append(f"title={_escape_prop(f'{f.rule_id} {f.rule_name}')}")
        stream.write(f"::{_LEVEL[f.severity.value]} {','.join(props)}::{_escape_data(f.message)}\n")
