"""Baselines: record today's findings, then report only new ones.

A baseline is a JSON file listing findings by rule id, repository-relative path and fingerprint.
The fingerprint is the line hash of the finding's line (the same value as SARIF's
``primaryLocationLineHash``): it depends on the text of that line and the few lines after it, not on
the line number, so adding or removing lines above a baselined finding keeps it matched. Entries the
line hash did not match get a second chance by ``content``, a hash of the finding's own line (blanks
removed) and message, so an edit in the lines just below a finding does not bring it back either.
Matching counts: two identical findings in the baseline hide at most two in the new run.

Internal errors (CORE001) are never baselined.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from deploylint import __version__
from deploylint.engine import INTERNAL_ERROR, Report
from deploylint.findings import Finding
from deploylint.records import record

if TYPE_CHECKING:
    from deploylint.json_types import JSONLike

    #: a baseline row: rule id, path, fingerprint, content, line, message
    _Row = dict[str, str | int]
from deploylint.reporters._locate import Locator

BASELINE_VERSION = 1

Key = tuple[str, str, str]


class BaselineError(Exception):
    """The baseline file is missing or malformed: exit code 2."""


@record
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


def content(locator: Locator, f: Finding) -> str:
    line = locator.line_text(f.location.path, f.location.span.start_line)
    data = "".join(line.split()) + "\x00" + f.message
    return hashlib.sha256(data.encode()).hexdigest()[:16]


def build(report: Report) -> dict[str, JSONLike]:
    """The baseline document of ``report``: one row per finding (internal errors left out)."""
    return _document(_rows(report))


def _rows(report: Report) -> list[_Row]:
    locator = Locator(report)
    rows: list[_Row] = []
    for f in report.findings:
        if f.rule_id == INTERNAL_ERROR:
            continue
        rule_id, path, fp = key(locator, f)
        rows.append(
            {
                "rule_id": rule_id,
                "path": path,
                "fingerprint": fp,
                "content": content(locator, f),
                "line": f.location.span.start_line,
                "message": f.message,
            }
        )
    rows.sort(key=lambda r: (r["path"], r["line"], r["rule_id"], r["fingerprint"], r["message"]))
    return rows


def _document(rows: list[_Row]) -> dict[str, JSONLike]:
    return {"version": BASELINE_VERSION, "tool": {"name": "deploylint", "version": __version__}, "findings": rows}


def write(report: Report, path: Path) -> int:
    """Write the baseline of ``report`` to ``path``; returns how many findings it holds. A link or
    a FIFO the repository holds at ``path`` is replaced, never written through
    (:func:`deploylint.paths.write_report_file`)."""
    from deploylint.paths import write_report_file

    rows = _rows(report)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = (json.dumps(_document(rows), indent=2, ensure_ascii=False) + "\n").encode("utf-8", "surrogateescape")
    write_report_file(path, data, report.root)
    return len(rows)


#: the largest baseline read (about 1.5 million findings)
BASELINE_LIMIT = 256 * 2**20


@record
class Entry:
    rule_id: str
    path: str
    fingerprint: str
    content: str


def load(path: Path) -> list[Entry]:
    from deploylint.paths import NotReadable, read_side_text

    try:
        # read as the scan's side files are: a FIFO or a device (a baseline linked to /dev/zero)
        # is refused without blocking, and at most BASELINE_LIMIT bytes are read
        doc = json.loads(read_side_text(path.resolve(), BASELINE_LIMIT))
    except NotReadable as exc:
        raise BaselineError(f"cannot read baseline {path}: {exc}") from None
    except OSError as exc:
        raise BaselineError(f"cannot read baseline {path}: {exc.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"baseline {path} is not JSON: {exc}") from None
    except RecursionError:
        raise BaselineError(f"baseline {path} is not a deploylint baseline: it nests too deeply") from None
    if not isinstance(doc, dict) or doc.get("version") != BASELINE_VERSION or not isinstance(doc.get("findings"), list):
        raise BaselineError(f"baseline {path} is not a version {BASELINE_VERSION} deploylint baseline")
    out: list[Entry] = []
    for i, row in enumerate(doc["findings"]):
        try:
            out.append(
                Entry(str(row["rule_id"]), str(row["path"]), str(row["fingerprint"]), str(row.get("content", "")))
            )
        except (TypeError, KeyError, AttributeError):
            raise BaselineError(f"baseline {path}: entry {i} lacks rule_id, path or fingerprint") from None
    return out


def apply(report: Report, entries: list[Entry]) -> Applied:
    """The report without the findings the baseline holds."""
    locator = Locator(report)
    by_fp: dict[Key, list[int]] = {}
    by_content: dict[Key, list[int]] = {}
    for i, e in enumerate(entries):
        by_fp.setdefault((e.rule_id, e.path, e.fingerprint), []).append(i)
        by_content.setdefault((e.rule_id, e.path, e.content), []).append(i)
    used: set[int] = set()

    def take(index: dict[Key, list[int]], k: Key) -> bool:
        for i in index.get(k, ()):
            if i not in used:
                used.add(i)
                return True
        return False

    rest = [f for f in report.findings if f.rule_id == INTERNAL_ERROR or not take(by_fp, key(locator, f))]
    # second chance by line content, for what the line hash missed (edits just below a finding)
    kept = [
        f
        for f in rest
        if f.rule_id == INTERNAL_ERROR
        or not take(by_content, (f.rule_id, locator.uri(f.location.path), content(locator, f)))
    ]
    return Applied(replace(report, findings=kept), len(report.findings) - len(kept), len(entries) - len(used))
