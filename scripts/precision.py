"""Measure deploylint's precision on the real-world precision set (issue #19).

The set is described by ``docs/precision/repos.tsv`` (repository, commit, kinds, why) and the
judged findings by ``docs/precision/judgments.jsonl`` (one object per line: repo, commit, path,
line, column, rule, severity, message, verdict, reason; verdict is ``true``, ``debatable`` or
``false``). The repositories themselves are not in this repository: fetch each at the recorded
commit into ``<checkouts>/<owner>__<name>`` first.

    python scripts/precision.py --checkouts /work/precision [--deploylint PATH] [--markdown]
        [--by-rule] [--show debatable,false,unjudged]

runs deploylint on every checkout found (JSON, ``--fail-on never``), keeps the warning and error
findings, matches each to a judgment (by repo, path, rule and message, falling back to repo,
path, rule and line) and prints, per repository, the warning+ count, the true, debatable, false
and unjudged counts and the precision (true / judged), with totals at the bottom.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPOS_TSV = ROOT / "docs" / "precision" / "repos.tsv"
JUDGMENTS = ROOT / "docs" / "precision" / "judgments.jsonl"
VERDICTS = ("true", "debatable", "false")
COUNTED = ("warning", "error")


@dataclass(frozen=True)
class Finding:
    """One warning+ finding of a scan, path relative to the repository."""

    repo: str
    path: str
    line: int
    rule: str
    message: str


@dataclass(frozen=True)
class Judgment:
    """One judged finding from judgments.jsonl."""

    repo: str
    path: str
    line: int
    rule: str
    message: str
    verdict: str


@dataclass
class Row:
    """The counts of one table row (a repository, a rule, or the total)."""

    name: str
    findings: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys((*VERDICTS, "unjudged"), 0))

    @property
    def judged(self) -> int:
        return sum(self.counts[v] for v in VERDICTS)

    @property
    def precision(self) -> float | None:
        return self.counts["true"] / self.judged if self.judged else None

    def add(self, verdict: str) -> None:
        self.findings += 1
        self.counts[verdict] += 1


def read_repos(path: Path) -> list[str]:
    """The repositories (owner/name) listed in repos.tsv, in file order."""
    repos: list[str] = []
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines()):
        cells = text.split("\t")
        if number == 0 and cells[0] == "repo":
            continue
        if cells[0].strip():
            repos.append(cells[0].strip())
    return repos


def read_judgments(lines: Iterable[str]) -> list[Judgment]:
    """Parse judgments.jsonl lines; blank lines are skipped, a bad verdict is an error."""
    judgments: list[Judgment] = []
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        data = json.loads(text)
        verdict = str(data["verdict"])
        if verdict not in VERDICTS:
            raise ValueError(f"line {number}: verdict {verdict!r} is not one of {VERDICTS}")
        judgments.append(
            Judgment(
                repo=str(data["repo"]),
                path=str(data["path"]),
                line=int(data["line"]),
                rule=str(data["rule"]),
                message=str(data["message"]),
                verdict=verdict,
            )
        )
    return judgments


def findings_from_report(repo: str, report: dict[str, object]) -> list[Finding]:
    """The warning and error findings of one deploylint JSON report."""
    raw = report.get("findings")
    found: list[Finding] = []
    if not isinstance(raw, list):
        return found
    for item in raw:
        if not isinstance(item, dict) or item.get("severity") not in COUNTED:
            continue
        path = str(item["path"])
        if path.startswith("./"):
            path = path[2:]
        found.append(Finding(repo, path, int(item["line"]), str(item["rule_id"]), str(item["message"])))
    return found


class Matcher:
    """Look up the verdict of a finding: by message and line, then by message, then by line (one
    message can stand on several lines with different verdicts)."""

    def __init__(self, judgments: Iterable[Judgment]) -> None:
        self.exact: dict[tuple[str, str, str, str, int], str] = {}
        self.by_message: dict[tuple[str, str, str, str], str] = {}
        self.by_line: dict[tuple[str, str, str, int], str] = {}
        for j in judgments:
            self.exact.setdefault((j.repo, j.path, j.rule, j.message, j.line), j.verdict)
            self.by_message.setdefault((j.repo, j.path, j.rule, j.message), j.verdict)
            self.by_line.setdefault((j.repo, j.path, j.rule, j.line), j.verdict)

    def verdict(self, f: Finding) -> str:
        found = self.exact.get((f.repo, f.path, f.rule, f.message, f.line))
        if found is None:
            found = self.by_message.get((f.repo, f.path, f.rule, f.message))
        if found is None:
            found = self.by_line.get((f.repo, f.path, f.rule, f.line))
        return found if found is not None else "unjudged"


def tabulate(
    findings: Iterable[Finding], matcher: Matcher, repos: Sequence[str], *, by_rule: bool = False
) -> list[Row]:
    """One row per repository (or per rule) in order, then a 'total' row."""
    rows: dict[str, Row] = {} if by_rule else {r: Row(r) for r in repos}
    total = Row("total")
    for f in findings:
        key = f.rule if by_rule else f.repo
        verdict = matcher.verdict(f)
        rows.setdefault(key, Row(key)).add(verdict)
        total.add(verdict)
    ordered = sorted(rows.values(), key=lambda r: (-r.findings, r.name)) if by_rule else list(rows.values())
    return [*ordered, total]


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"


def render(rows: Sequence[Row], *, markdown: bool = False, first: str = "repo") -> str:
    """The table as aligned text or as a Markdown table."""
    head = [first, "warning+", "true", "debatable", "false", "unjudged", "precision"]
    body = [
        [
            row.name,
            str(row.findings),
            *(str(row.counts[v]) for v in (*VERDICTS, "unjudged")),
            _percent(row.precision),
        ]
        for row in rows
    ]
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "|".join([" --- "] + [" ---: "] * 6) + "|"]
        for cells in body:
            if cells[0] == "total":
                cells = [f"**{c}**" for c in cells]
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]
    out = []
    for cells in [head, *body]:
        out.append(
            "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True)))
        )
    return "\n".join(out)


def scan(deploylint: str, checkout: Path) -> dict[str, object]:
    """Run deploylint on one checkout (paths in the report are relative to it)."""
    done = subprocess.run(
        [deploylint, "check", ".", "--format", "json", "--fail-on", "never"],
        cwd=checkout,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"deploylint failed on {checkout} ({done.returncode}): {done.stderr.strip()[:500]}")
    report = json.loads(done.stdout)
    if not isinstance(report, dict):
        raise RuntimeError(f"deploylint gave no JSON object for {checkout}")
    return report


def _default_deploylint() -> str:
    local = Path(sys.executable).parent / "deploylint"
    if local.exists():
        return str(local)
    return shutil.which("deploylint") or "deploylint"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--checkouts", type=Path, required=True, help="folder holding <owner>__<name> checkouts")
    parser.add_argument("--deploylint", default=None, help="deploylint executable (default: the one beside Python)")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    parser.add_argument("--by-rule", action="store_true", help="also print the table per rule")
    parser.add_argument("--repos", type=Path, default=REPOS_TSV, help="repos.tsv (default: docs/precision/)")
    parser.add_argument("--judgments", type=Path, default=JUDGMENTS, help="judgments.jsonl (default: docs/precision/)")
    parser.add_argument(
        "--show",
        default="",
        help="also list each finding whose verdict is in this comma-separated set (e.g. debatable,false,unjudged)",
    )
    args = parser.parse_args(argv)
    deploylint = args.deploylint or _default_deploylint()
    repos = read_repos(args.repos)
    matcher = Matcher(read_judgments(args.judgments.read_text(encoding="utf-8").splitlines()))
    present: list[str] = []
    findings: list[Finding] = []
    for repo in repos:
        checkout = args.checkouts / repo.replace("/", "__", 1)
        if not checkout.is_dir():
            print(f"skipped {repo}: {checkout} not found", file=sys.stderr)
            continue
        present.append(repo)
        findings.extend(findings_from_report(repo, scan(deploylint, checkout)))
    print(render(tabulate(findings, matcher, present), markdown=args.markdown))
    if args.by_rule:
        print()
        print(render(tabulate(findings, matcher, present, by_rule=True), markdown=args.markdown, first="rule"))
    shown = {v.strip() for v in args.show.split(",") if v.strip()}
    if shown:
        print()
        for f in findings:
            verdict = matcher.verdict(f)
            if verdict in shown:
                print(f"{verdict:9}  {f.repo}  {f.path}:{f.line}  {f.rule}  {f.message}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
