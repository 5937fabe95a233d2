"""GitHub Actions workflow commands, so findings show as annotations on the pull request."""

from __future__ import annotations

from typing import IO

from deploylint.engine import Report
from deploylint.reporters import ReportOptions
from deploylint.reporters._escape import github_data as _escape_data
from deploylint.reporters._escape import github_property as _escape_prop

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


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
