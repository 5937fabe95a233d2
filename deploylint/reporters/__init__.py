"""Reporters render a Report. Each module has ``render(report, stream, options)``."""

from __future__ import annotations

import importlib
from typing import IO, Protocol

from deploylint.engine import Report
from deploylint.findings import Severity
from deploylint.records import record

FORMATS: dict[str, str] = {
    "text": "deploylint.reporters.text",
    "json": "deploylint.reporters.json",
    "sarif": "deploylint.reporters.sarif",
    "github": "deploylint.reporters.github",
    "gitlab": "deploylint.reporters.gitlab",
    "junit": "deploylint.reporters.junit",
    "checkstyle": "deploylint.reporters.checkstyle",
    "html": "deploylint.reporters.html",
}


@record(frozen=False, slots=False)
class ReportOptions:
    color: bool = False
    code_frames: bool = False
    statistics: bool = False
    quiet: bool = False
    category: str = "deploylint/"
    fingerprints: bool = True
    #: the text format shows findings at this severity and above (the rest are counted in the
    #: summary); None shows every finding. Machine formats always keep every finding.
    min_severity: Severity | None = None
    #: the text format also explains each file's labels (the Compose profile)
    verbose: bool = False


class Reporter(Protocol):
    def __call__(self, report: Report, stream: IO[str], options: ReportOptions) -> None: ...


def get(fmt: str) -> Reporter:
    module = importlib.import_module(FORMATS[fmt])
    render: Reporter = module.render
    return render
