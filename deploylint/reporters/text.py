"""Human output: ``path:line:col: ID [severity] message (rule-name)``, frames and a summary."""

from __future__ import annotations

from collections import Counter
from typing import IO

from deploylint.engine import Report
from deploylint.findings import Finding, Severity
from deploylint.reporters import ReportOptions

_COLORS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def _frame(report: Report, f: Finding) -> list[str]:
    src = next((a.source for a in report.artifacts if a.display == f.location.path and a.source), None)
    if src is None:
        return []
    s = f.location.span
    line = src.line_text(s.start_line)
    if not line and s.start_line > src.line_count:
        return []
    width = len(str(s.start_line))
    shown = line.expandtabs(1)
    end = s.end_col if s.end_line == s.start_line else len(line) + 1
    carets = "^" * max(1, min(end, len(shown) + 1) - s.start_col)
    return [f"  {s.start_line:>{width}} | {shown[:200]}", f"  {' ' * width} | {' ' * (s.start_col - 1)}{carets}"]


def format_finding(f: Finding, color: bool) -> str:
    s = f.location.span
    sev = f.severity.value
    if color:
        sev = f"{_COLORS[f.severity]}{sev}{_RESET}"
        return f"{_BOLD}{f.location.path}:{s.start_line}:{s.start_col}:{_RESET} {f.rule_id} [{sev}] {f.message} {_DIM}({f.rule_name}){_RESET}"
    return f"{f.location.path}:{s.start_line}:{s.start_col}: {f.rule_id} [{sev}] {f.message} ({f.rule_name})"


def summary_line(report: Report) -> str:
    counts = Counter(f.severity for f in report.findings)
    n = len(report.findings)
    files = len(report.artifacts)
    parts = [f"{counts[s]} {s.value}" for s in (Severity.ERROR, Severity.WARNING, Severity.INFO) if counts[s]]
    head = f"Found {n} finding{'s' if n != 1 else ''}" + (f" ({', '.join(parts)})" if parts else "")
    text = f"{head} in {files} file{'s' if files != 1 else ''}."
    if n == 0:
        text = f"No findings in {files} file{'s' if files != 1 else ''}."
    if report.internal_errors:
        text += f" {report.internal_errors} internal error{'s' if report.internal_errors != 1 else ''}: see CORE001."
    return text


def render(report: Report, stream: IO[str], options: ReportOptions) -> None:
    for f in report.findings:
        stream.write(format_finding(f, options.color) + "\n")
        for rel in f.related:
            s = rel.span
            note = f": {rel.note}" if rel.note else ""
            stream.write(f"    see also {rel.path}:{s.start_line}:{s.start_col}{note}\n")
        if options.code_frames:
            for line in _frame(report, f):
                stream.write(line + "\n")
    if options.statistics and report.findings:
        stream.write("\n")
        by_rule = Counter((f.rule_id, f.rule_name) for f in report.findings)
        for (rid, name), count in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
            stream.write(f"{count:6d}  {rid:<8} {name}\n")
    if options.quiet:
        return
    labelled = [a for a in report.artifacts if a.labels]
    if labelled:
        stream.write("\n" if report.findings else "")
        for a in labelled:
            desc = ", ".join(f"{k} {v}" for k, v in sorted(a.labels.items()))
            stream.write(f"{a.display}: {desc}\n")
    if report.findings or labelled:
        stream.write("\n")
    stream.write(summary_line(report) + "\n")
