"""Human output: ``path:line:col: ID [severity] message (rule-name)``, frames and a summary."""

from __future__ import annotations

from collections import Counter
from typing import IO

from deploylint.engine import Report
from deploylint.findings import Finding, Severity
from deploylint.kinds import is_parse_rule
from deploylint.reporters import ReportOptions
from deploylint.reporters._escape import path_text
from deploylint.reporters._escape import text as esc

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
    start = s.start_col - 1
    stop = start + max(1, min(end, len(shown) + 1) - s.start_col)
    # the carets line up with the escaped line (an escaped character is 4 or 6 wide)
    pad, carets = len(esc(shown[:start])), "^" * max(1, len(esc(shown[start:stop])))
    return [f"  {s.start_line:>{width}} | {esc(shown[:200])}", f"  {' ' * width} | {' ' * pad}{carets}"]


def format_finding(f: Finding, color: bool) -> str:
    s = f.location.span
    sev = f.severity.value
    path, message, name = path_text(f.location.path), esc(f.message), esc(f.rule_name)
    if color:
        sev = f"{_COLORS[f.severity]}{sev}{_RESET}"
        return f"{_BOLD}{path}:{s.start_line}:{s.start_col}:{_RESET} {esc(f.rule_id)} [{sev}] {message} {_DIM}({name}){_RESET}"
    return f"{path}:{s.start_line}:{s.start_col}: {esc(f.rule_id)} [{sev}] {message} ({name})"


#: what each label value means for the checks, shown with ``--verbose``
LABEL_MEANINGS: dict[tuple[str, str], str] = {
    ("profile", "production"): "production-only advice (restart policies, resource limits, healthchecks) applies",
    ("profile", "development"): "development or test file: production-only advice is not given",
    ("profile", "unknown"): "not known to be production: context-dependent advice is info",
}
#: how a label can be changed
LABEL_CHANGE = {"profile": "set it with 'profiles' in the config"}


def summary_line(report: Report, hidden: int = 0, shown_from: Severity | None = None) -> str:
    """The last line: counts by severity, and the findings the text format left out (``hidden``
    findings below ``shown_from``) with the flag that shows them."""
    counts = Counter(f.severity for f in report.findings)
    n = len(report.findings)
    files = len(report.artifacts)
    parts = [f"{counts[s]} {s.value}" for s in (Severity.ERROR, Severity.WARNING, Severity.INFO) if counts[s]]
    head = f"Found {n} finding{'s' if n != 1 else ''}" + (f" ({', '.join(parts)})" if parts else "")
    text = f"{head} in {files} file{'s' if files != 1 else ''}."
    if n == 0:
        text = f"No findings in {files} file{'s' if files != 1 else ''}."
        if files == 0 and report.scanned:
            text = f"No deployment files found in {', '.join(map(esc, report.scanned))}."
    if hidden:
        what = "info finding" if shown_from is Severity.WARNING else "finding below error"
        what = what.replace("finding", "findings", 1) if hidden != 1 else what
        text += f" {hidden} {what} not shown (--min-severity info shows them)."
    if report.internal_errors:
        text += f" {report.internal_errors} internal error{'s' if report.internal_errors != 1 else ''}: see CORE001."
    return text


def _labels(report: Report) -> list[str]:
    """One line per label of each file that parsed: ``<file>: profile production (what it means)``."""
    broken = {f.location.path for f in report.findings if is_parse_rule(f.rule_id)}
    out: list[str] = []
    for a in report.artifacts:
        if not a.labels or a.display in broken or a.source is None:
            continue
        for key, value in sorted(a.labels.items()):
            if key.endswith("-reason"):
                continue
            why = [a.labels.get(f"{key}-reason", ""), LABEL_MEANINGS.get((key, value), ""), LABEL_CHANGE.get(key, "")]
            told = "; ".join(w for w in why if w)
            out.append(path_text(a.display) + esc(f": {key} {value}" + (f": {told}" if told else "")))
    return out


def render(report: Report, stream: IO[str], options: ReportOptions) -> None:
    floor = options.min_severity
    shown = [f for f in report.findings if floor is None or f.severity.rank >= floor.rank]
    for f in [] if options.statistics else shown:
        stream.write(format_finding(f, options.color) + "\n")
        for rel in f.related:
            s = rel.span
            note = f": {esc(rel.note)}" if rel.note else ""
            stream.write(f"    see also {esc(rel.path)}:{s.start_line}:{s.start_col}{note}\n")
        if options.code_frames:
            for line in _frame(report, f):
                stream.write(line + "\n")
    if options.statistics:
        _statistics(shown, stream)
    if options.quiet:
        return
    labelled = _labels(report) if options.verbose else []
    if labelled:
        stream.write("\n" if shown else "")
        stream.write("".join(line + "\n" for line in labelled))
    if shown or labelled:
        stream.write("\n")
    stream.write(summary_line(report, len(report.findings) - len(shown), floor) + "\n")


def _statistics(findings: list[Finding], stream: IO[str]) -> None:
    """The count of findings per rule, most frequent first (``--statistics`` prints only this)."""
    by_rule = Counter((f.rule_id, f.rule_name) for f in findings)
    for (rid, name), count in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
        stream.write(f"{count:6d}  {esc(rid):<8} {esc(name)}\n")
