"""What the pipeline hands on: the scanned files (artifacts), each file's result, the report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from deploylint.findings import Finding, Severity
from deploylint.kinds import Kind
from deploylint.models.base import Comment, Parsed
from deploylint.records import record
from deploylint.registry import Registry
from deploylint.settings import Settings
from deploylint.source import SourceFile

if TYPE_CHECKING:
    from deploylint.models.compose import ComposeFile
    from deploylint.models.dockerfile import Dockerfile
    from deploylint.models.ecs import EcsFile
    from deploylint.models.nginx import NginxConfig
    from deploylint.models.pm2 import Pm2File
    from deploylint.models.project import Project
    from deploylint.models.workflow import Workflow

#: the model of a scanned file: what the parser of its kind returns (``kinds.PARSER_MODULE``)
FileModel: TypeAlias = "Dockerfile | ComposeFile | NginxConfig | Workflow | EcsFile | Pm2File"

INTERNAL_ERROR = "CORE001"
UNUSED_SUPPRESSION = "CORE002"
UNKNOWN_SUPPRESSION = "CORE003"
SKIPPED_PATH = "CORE004"


class UsageError(Exception):
    """Bad selectors or rule options: exit code 2."""


@record
class Stdin:
    """Text read from standard input, checked as the file ``path`` (``-`` or ``--stdin-filename``)."""

    path: Path
    display: str
    data: bytes
    kind: Kind


@record(frozen=False, slots=False)
class Artifact:
    """One scanned file and what its parser made of it."""

    path: Path
    display: str
    relpath: str
    kind: Kind
    source: SourceFile | None = None
    parsed: Parsed[FileModel] | None = None
    explicit: bool = False
    #: labels a kind attaches for reporting, e.g. {"profile": "development"} for compose files;
    #: copied from the model's ``report_labels`` dict when it has one. A ``<key>-reason`` label
    #: says why (``--verbose`` prints it beside the label's meaning)
    labels: dict[str, str] = field(default_factory=dict)
    #: set when a worker process parsed this file and kept its model: the first access to
    #: ``model`` parses the text again here (parsers are deterministic, so it is the same model)
    reparse: Callable[[], Parsed[FileModel]] | None = field(default=None, repr=False, compare=False)

    @property
    def model(self) -> FileModel | None:
        if self.reparse is not None:
            again, self.reparse = self.reparse, None
            comments = self.comments
            self.parsed = again()
            self.parsed.comments = comments
        return self.parsed.model if self.parsed is not None else None

    def drop_model(self) -> None:
        """Forget the model (a worker sends artifacts back without it; see ``reparse``)."""
        if self.parsed is not None:
            self.parsed = Parsed(None, [], self.parsed.comments)

    @property
    def comments(self) -> list[Comment]:
        return self.parsed.comments if self.parsed is not None else []


@record(frozen=False, slots=False)
class Report:
    findings: list[Finding]
    artifacts: list[Artifact]
    registry: Registry
    settings: Settings
    root: Path
    skipped: list[str] = field(default_factory=list)  # explicit files of no known kind
    #: (path, reason) of every file and folder passed over on purpose: by discovery (excluded,
    #: gitignored, vendored, template) and after reading (not of the kind its name or place
    #: suggests, too large to tell); ``--verbose`` lists them
    passed_over: list[tuple[str, str]] = field(default_factory=list)
    #: the linked project model, None when no project could be built
    project: Project | None = None
    scanned: list[str] = field(default_factory=list)  # the paths the scan was given, as shown

    @property
    def internal_errors(self) -> int:
        return sum(1 for f in self.findings if f.rule_id == INTERNAL_ERROR)

    def failed(self, threshold: Severity | None) -> bool:
        if self.internal_errors:
            return True
        if threshold is None:
            return False
        return any(f.severity.rank >= threshold.rank for f in self.findings)


@record(frozen=False, slots=False)
class FileResult:
    """What scanning one file gave: the artifact (None when not parsed), findings, deferred rules."""

    artifact: Artifact | None
    findings: list[Finding]
    deferred: list[str] = field(default_factory=list)
    spent: float = 0.0
    #: the artifact comes without its model (parsed in a worker); see Artifact.reparse
    lazy: bool = False
    #: why the file was read but not linted (its text is not of the kind its name suggests)
    passed_over: str | None = None
    #: what the scan read of other files (see ParseEnv.reads), for the cache
    reads: dict[str, str] | None = None
