"""The pipeline: discover -> read -> parse -> link the project -> run rules -> suppress -> sort.

Each stage is guarded: a file that cannot be read or parsed becomes a positioned ``<KIND>000``
finding, and an exception inside a parser or a rule becomes a CORE001 finding naming the rule and
the file, while every other rule and file still reports.
"""

from __future__ import annotations

import gc
import importlib
import importlib.util
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import field, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from deploylint.budget import OverBudget, Stopwatch, budget
from deploylint.context import Context
from deploylint.discovery import Discovery, Target, discover, display_path, find_root, is_within
from deploylint.findings import Finding, Location, Severity
from deploylint.kinds import (
    FILE_KINDS,
    PARSER_MODULE,
    PREFIX,
    SNIFF_MAX_BYTES,
    Kind,
    candidate,
    classify,
    confirm,
    glob_match,
    mask_placeholders,
    sniff,
)
from deploylint.models.base import Comment, Parsed
from deploylint.options import OptionsError, validate_options
from deploylint.parsers import ParseEnv
from deploylint.paths import NotReadable, clear_cache, read_regular, rel_to_root, resolve
from deploylint.records import record
from deploylint.registry import Registry, Rule, Status
from deploylint.settings import Settings
from deploylint.source import START, DecodeError, SourceFile, Span, decode

if TYPE_CHECKING:
    from deploylint.cache import Cache

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
    parsed: Parsed[Any] | None = None
    explicit: bool = False
    #: labels a kind attaches for reporting, e.g. {"profile": "development"} for compose files;
    #: copied from the model's ``report_labels`` dict when it has one. A ``<key>-reason`` label
    #: says why (``--verbose`` prints it beside the label's meaning)
    labels: dict[str, str] = field(default_factory=dict)
    #: set when a worker process parsed this file and kept its model: the first access to
    #: ``model`` parses the text again here (parsers are deterministic, so it is the same model)
    reparse: Callable[[], Parsed[Any]] | None = field(default=None, repr=False, compare=False)

    @property
    def model(self) -> Any:
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
    #: the linked project model (deploylint.project.Project), None when no project could be built
    project: Any = None
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


class _Selection:
    """Which rules run where, at which severity, with which options."""

    def __init__(self, registry: Registry, settings: Settings) -> None:
        from deploylint.registry import SelectorError

        self.registry = registry
        self.settings = settings
        #: rules_for results by (kind, rules off for the path, registry size: a sniffed file can load
        #: another kind's rules during the scan)
        self._rules_cache: dict[tuple[Kind, frozenset[str], int], list[Rule]] = {}
        try:
            if settings.select is None:
                enabled = {r.id for r in registry if r.meta.status is not Status.PREVIEW or settings.preview}
            else:
                enabled = registry.resolve_all(settings.select)
            enabled |= registry.resolve_all(settings.extend_select)
            if not settings.preview:
                # a prefix, tag or ALL never switches on preview rules; naming one does
                named = {
                    rid for sel in [*(settings.select or []), *settings.extend_select] for rid in registry.named(sel)
                }
                enabled -= {r.id for r in registry if r.meta.status is Status.PREVIEW and r.id not in named}
            enabled -= registry.resolve_all(settings.ignore)
            #: parse-error rules (``DKR000``...) the ignore list names exactly: they are otherwise
            #: always reported, so a prefix such as ``--ignore DKR`` never hides a broken file
            self.ignored_parse_errors = frozenset(
                rid for sel in settings.ignore for rid in registry.named(sel) if rid.endswith("000")
            )
            for key, on in settings.rule_enabled.items():
                ids = registry.resolve_all([key])
                enabled = enabled | ids if on else enabled - ids
            self.severity: dict[str, Severity] = {}
            for r in registry:
                sev = r.meta.severity
                if settings.preset == "strict" and "hardening" in r.meta.tags and sev is Severity.INFO:
                    sev = Severity.WARNING
                self.severity[r.id] = sev
            for key, sev in settings.severity.items():
                for rid in registry.resolve_all([key]):
                    self.severity[rid] = sev
            self.file_ignores = [(g, registry.resolve_all(sels)) for g, sels in settings.per_file_ignores.items()]
            self.rule_ignores = [(registry.resolve_all([k]), globs) for k, globs in settings.rule_ignores.items()]
            raw_options: dict[str, dict[str, Any]] = {}
            for key, opts in settings.rule_options.items():
                for rid in registry.resolve_all([key]):
                    raw_options.setdefault(rid, {}).update(opts)
        except SelectorError as exc:
            raise UsageError(str(exc)) from None
        enabled.add(INTERNAL_ERROR)
        self.enabled = enabled
        self.options: dict[str, Any] = {}
        for rid in sorted(enabled | set(raw_options)):
            found = registry.rules.get(rid)
            if found is None:
                continue
            try:
                self.options[rid] = validate_options(found.meta.options_model, raw_options.get(rid, {}), rid)
            except OptionsError as exc:
                raise UsageError(str(exc)) from None

    def disabled_for(self, relpath: str) -> set[str]:
        off: set[str] = set()
        own = self.settings.own_path(relpath)  # config globs are relative to the config's folder
        if own is None:
            return off
        for glob, ids in self.file_ignores:
            if glob_match(own, glob):
                off |= ids
        for ids, globs in self.rule_ignores:
            if any(glob_match(own, g) for g in globs):
                off |= ids
        return off

    @classmethod
    def restored(
        cls,
        registry: Registry,
        settings: Settings,
        *,
        enabled: set[str],
        severity: dict[str, Severity],
        file_ignores: list[tuple[str, set[str]]],
        rule_ignores: list[tuple[set[str], list[str]]],
        options: dict[str, Any],
    ) -> _Selection:
        """A selection computed elsewhere (a pool worker receives the main process's)."""
        self = cls.__new__(cls)
        self.ignored_parse_errors = frozenset()
        self.registry = registry
        self.settings = settings
        self._rules_cache = {}
        self.enabled = enabled
        self.severity = severity
        self.file_ignores = file_ignores
        self.rule_ignores = rule_ignores
        self.options = options
        return self

    def rules_for(self, kind: Kind, relpath: str) -> list[Rule]:
        off = frozenset(self.disabled_for(relpath))
        key = (kind, off, len(self.registry))
        got = self._rules_cache.get(key)
        if got is None:
            got = self._rules_cache[key] = [
                r
                for r in self.registry
                if kind in r.meta.kinds and r.id in self.enabled and r.id not in off and not r.id.endswith("000")
            ]
        return got


#: parse errors reported per file; the rest are summed up in one more finding
MAX_DIAGNOSTICS = 1000


@contextmanager
def gc_paused() -> Iterator[None]:
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class _ProjectNeeded(BaseException):
    """A rule read ``ctx.project`` before the project was linked."""


class _FileContext(Context):
    """Context for the per-file pass: reading ``project`` defers the rule until after linking."""

    @property
    def project(self) -> Any:
        raise _ProjectNeeded

    @project.setter
    def project(self, _value: Any) -> None:
        pass


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


def total_key(f: Finding) -> tuple[Any, ...]:
    """Sort key that orders any two different findings the same way on every run."""
    s = f.location.span
    related = tuple((r.path, r.span, r.note or "") for r in f.related)
    fix = (
        () if f.fix is None else (f.fix.title, f.fix.applicability.value, tuple((e.span, e.text) for e in f.fix.edits))
    )
    return (
        *f.sort_key,
        s.end_line,
        s.end_col,
        s.start_offset,
        s.end_offset,
        f.severity.rank,
        f.confidence.value,
        f.location.note or "",
        related,
        fix,
        f.rule_name,
    )


class Engine:
    def __init__(
        self,
        settings: Settings,
        registry: Registry | None = None,
        *,
        kind: Kind | None = None,
        progress: Callable[[int, int], None] | None = None,
        overlay: Mapping[Path, str] | None = None,
        stdin: Stdin | None = None,
        cache: Cache | None = None,
    ) -> None:
        self.settings = settings
        #: results of earlier runs (``check`` uses one; see deploylint.cache); never with an overlay
        self.cache = cache if not overlay else None
        #: bytes the cache already read for a file (path -> data), used instead of reading it again
        self.preread: dict[Path, bytes] = {}
        #: texts read instead of the files on disk (resolved path -> text); see ParseEnv.overlay
        self.overlay = {resolve(p): t for p, t in (overlay or {}).items()}
        self.stdin = stdin
        self.registry = registry if registry is not None else Registry()
        self.kind_override = kind
        self.progress = progress
        #: rules reading ctx.project wait for the linked project (False when no project can exist)
        self.defer_project_rules = True
        #: record what each file's scan reads of other files (FileResult.reads): only the cache uses it
        self.record_reads = self.cache is not None
        #: the selection and parse environment of each nested config's settings (by identity)
        self._scopes: dict[int, tuple[_Selection, ParseEnv]] = {}

    def scope(self, relpath: str, selection: _Selection, env: ParseEnv) -> tuple[_Selection, ParseEnv]:
        """The selection and parse environment for the file at ``relpath``: those of the scan's
        settings, or of the closest nested config (:mod:`deploylint.config.tree`)."""
        here = self.settings.here(relpath)
        if here is self.settings:
            return selection, env
        got = self._scopes.get(id(here))
        if got is None:
            got = (_Selection(self.registry, here), replace(env, settings=here))
            self._scopes[id(here)] = got
        return got

    # -- helpers -------------------------------------------------------------------------------
    def _emit(self, rule_id: str, location: Location, message: str) -> Finding:
        r = self.registry.rules.get(rule_id)
        if r is None:
            return Finding(rule_id, "unregistered", Severity.ERROR, message, location)
        return Finding(rule_id, r.name, r.meta.severity, message, location, tags=r.meta.tags)

    # -- stages --------------------------------------------------------------------------------
    def run(self, paths: Iterable[Path]) -> Report:
        # the model is trees without cycles, so the cyclic GC finds next to nothing during a scan
        # while its full passes over every retained model cost a quarter of a workflow corpus scan
        # (3.6 s against 2.6 s CPU, same peak memory): it is paused for the whole scan
        with gc_paused():
            return self._run(paths)

    def _run(self, paths: Iterable[Path]) -> Report:
        paths = [Path(p) for p in paths] or [Path()]
        clear_cache()
        root = self.settings.root or find_root(paths[0])
        root = resolve(root)
        self._scopes.clear()
        if self.settings.tree is not None:
            self.settings.tree.root = root
        stdin = self.stdin
        disc: Discovery = discover([p for p in paths if stdin is None or p != stdin.path], self.settings, root)
        if stdin is not None:
            disc.targets.append(Target(stdin.path, stdin.display, stdin.kind, explicit=True))
        kinds = {t.kind for t in disc.targets if t.kind is not None}
        if self.kind_override is not None:
            kinds.add(self.kind_override)
        if any(t.kind is None for t in disc.targets):
            kinds |= set(FILE_KINDS)
        self.registry.load([*kinds, Kind.PROJECT])
        selection = _Selection(self.registry, self.settings)
        env = ParseEnv(root=root, settings=self.settings, overlay=self.overlay)

        findings: list[Finding] = []
        for s in disc.skipped:
            findings.append(self._emit(SKIPPED_PATH, Location(s.display, START), f"{s.display}: {s.reason}"))
        artifacts: list[Artifact] = []
        skipped_explicit: list[str] = []
        passed_over = [(p.display, p.reason) for p in disc.passed_over]
        from deploylint import parallel

        self.defer_project_rules = importlib.util.find_spec("deploylint.project") is not None
        session = self.cache.session(self, root, paths) if self.cache is not None else None
        cached: list[FileResult | None] = [None] * len(disc.targets)
        rels: list[str] = []
        if session is not None:
            rels = [_relpath(t, root) for t in disc.targets]
            for i, target in enumerate(disc.targets):
                if stdin is None or target.path != stdin.path:
                    cached[i] = session.lookup(target, rels[i], *self.scope(rels[i], selection, env))
        todo = [t for t, c in zip(disc.targets, cached, strict=True) if c is None]
        scanned: list[FileResult] = []
        jobs = 1 if self.overlay else parallel.effective_jobs(self.settings.jobs, len(todo))
        if jobs > 1:
            scanned = parallel.scan(self, todo, root, selection, jobs) or []
        if not scanned:
            total = len(todo)
            for i, target in enumerate(todo):
                scanned.append(self.scan_file(target, root, env, selection))
                if self.progress is not None:
                    self.progress(i + 1, total)
        fresh = iter(scanned)
        results: list[FileResult] = []
        for i, (target, hit) in enumerate(zip(disc.targets, cached, strict=True)):
            res = hit if hit is not None else next(fresh)
            if hit is None and session is not None:
                session.store(target, rels[i], res)
            results.append(res)
        self.preread.clear()
        pending: list[tuple[Artifact, FileResult]] = []
        for res in results:
            if res.lazy and res.artifact is not None:
                res.artifact.reparse = self._reparser(res.artifact, self.scope(res.artifact.relpath, selection, env)[1])
        for target, res in zip(disc.targets, results, strict=True):
            findings += res.findings
            if res.passed_over is not None:
                passed_over.append((target.display, res.passed_over))
            if res.artifact is None:
                if (target.kind is None or res.passed_over is not None) and target.explicit and not res.findings:
                    skipped_explicit.append(target.display)
            else:
                artifacts.append(res.artifact)
                if res.deferred:
                    pending.append((res.artifact, res))

        known = session.project(artifacts, env) if session is not None else None
        if known is not None:
            findings += known
            project = self._link(artifacts, root, env, findings)
        else:
            if session is not None:
                # files whose results came from the cache are parsed again here, before the
                # project phase: parsed lazily, inside the first cross-file rule's per-file
                # budget, they could make that rule overrun it where a cold run would not
                for art in artifacts:
                    if art.reparse is not None:
                        _ = art.model
            mark = len(findings)
            env.reads = {} if session is not None else None
            try:
                project = self._project_phase(artifacts, pending, root, env, selection, findings)
            finally:
                reads, env.reads = env.reads, None
            if session is not None and reads is not None:
                session.store_project(artifacts, findings[mark:], reads)
        if session is not None:
            session.close()

        # each file's findings go through the selection of its own config
        by_display = {a.display: self.scope(a.relpath, selection, env)[0] for a in artifacts}
        findings = [f for f in findings if _kept(f, by_display.get(f.location.path, selection))]
        findings = self._suppress(findings, artifacts, by_display, selection)
        findings = [self._with_severity(f, by_display.get(f.location.path, selection)) for f in findings]
        # a total order, so that the output never depends on file order, parallelism or hashing;
        # findings equal on (place, rule, message, span) collapse to the first in that order
        unique: dict[tuple[Any, ...], Finding] = {}
        for f in sorted(findings, key=total_key):
            unique.setdefault((f.sort_key, f.rule_id, f.location.span), f)
        artifacts.sort(key=lambda a: (a.display, a.kind.value))
        passed_over.sort()
        return Report(
            list(unique.values()),
            artifacts,
            self.registry,
            self.settings,
            root,
            skipped_explicit,
            passed_over=passed_over,
            project=project,
            scanned=[p.as_posix() for p in paths],
        )

    def _project_phase(
        self,
        artifacts: list[Artifact],
        pending: list[tuple[Artifact, FileResult]],
        root: Path,
        env: ParseEnv,
        selection: _Selection,
        findings: list[Finding],
    ) -> Any:
        """Link the project, then run the rules that wait for it; their findings go to ``findings``."""
        project = self._link(artifacts, root, env, findings)
        # rules that asked for ctx.project while the files were scanned run now, with the project
        for art, res in pending:
            wanted = set(res.deferred)
            sel = self.scope(art.relpath, selection, env)[0]
            rules = [r for r in sel.rules_for(art.kind, art.relpath) if r.id in wanted]
            findings += self._check(art, rules, sel, project, res.spent, defer=False)[0]
        if project is not None:
            placeholder = SourceFile(root, "", display_path(root))
            for r in selection.rules_for(Kind.PROJECT, ""):
                ctx = Context(r, placeholder, selection.options.get(r.id), self.settings, project)
                findings += self._run_rule(r, project, ctx, display_path(root))
        return project

    def scan_file(self, target: Target, root: Path, env: ParseEnv, selection: _Selection) -> FileResult:
        """:meth:`_scan_file`, recording what it read of other files (``FileResult.reads``)."""
        if not self.record_reads:
            return self._scan_file(target, root, env, selection)
        scoped = self.scope(rel_to_root(target.path, root), selection, env)[1]
        saved, scoped.reads = scoped.reads, {}
        try:
            res = self._scan_file(target, root, env, selection)
            res.reads = scoped.reads
        finally:
            scoped.reads = saved
        return res

    def _scan_file(self, target: Target, root: Path, env: ParseEnv, selection: _Selection) -> FileResult:
        """Read, parse and check one file within its time budget.

        Rules that read ``ctx.project`` are not finished here (the project needs every file): their
        ids come back in ``deferred`` and :meth:`run` runs them again once the project is linked.
        """
        watch = Stopwatch()
        limit = self.settings.file_timeout
        selection, env = self.scope(rel_to_root(target.path, root), selection, env)
        # the callers (run, a pool worker's chunk) have paused the cyclic GC for the whole scan
        with watch.timing():
            try:
                with budget(limit):
                    art, errs, why = self._load(target, root, env)
            except OverBudget:
                kind = self.kind_override if (self.kind_override and target.explicit) else target.kind
                rid = f"{PREFIX[kind]}000" if kind is not None else INTERNAL_ERROR
                msg = f"parsing took longer than the {limit:g} s per-file budget; the file was not checked"
                return FileResult(None, [self._emit(rid, Location(target.display, START), msg)], [], watch.spent)
        if len(errs) > MAX_DIAGNOSTICS:
            more = len(errs) - MAX_DIAGNOSTICS
            errs = errs[:MAX_DIAGNOSTICS]
            last = errs[-1]
            errs.append(replace(last, message=f"{more:,} more problems in this file are not reported"))
        if why is not None:
            return FileResult(None, errs, [], watch.spent, passed_over=why)
        if art is None or art.model is None or art.source is None:
            return FileResult(art, errs, [], watch.spent)
        rules = selection.rules_for(art.kind, art.relpath)
        found, deferred = self._check(art, rules, selection, None, watch.spent, defer=self.defer_project_rules)
        return FileResult(art, errs + found, deferred, watch.spent)

    def _check(
        self, art: Artifact, rules: list[Rule], selection: _Selection, project: Any, spent: float, *, defer: bool
    ) -> tuple[list[Finding], list[str]]:
        """Run ``rules`` on one artifact with what is left of its budget."""
        assert art.source is not None
        out: list[Finding] = []
        deferred: list[str] = []
        limit = self.settings.file_timeout
        remaining = max(limit - spent, 0.001) if limit > 0 else 0.0
        done = 0
        try:
            with budget(remaining):
                for r in rules:
                    ctx_type = _FileContext if defer else Context
                    ctx = ctx_type(r, art.source, selection.options.get(r.id), selection.settings, project)
                    try:
                        out += self._run_rule(r, art.model, ctx, art.display)
                    except _ProjectNeeded:
                        deferred.append(r.id)
                    done += 1
        except OverBudget:
            left = ", ".join(r.id for r in rules[done:])
            msg = f"checking took longer than the {limit:g} s per-file budget; rules not run on this file: {left}"
            out.append(self._emit(f"{PREFIX[art.kind]}000", Location(art.display, START), msg))
        return out, deferred

    def _with_severity(self, f: Finding, selection: _Selection) -> Finding:
        sev = selection.severity.get(f.rule_id)
        if sev is None or sev is f.severity or f.rule_id == INTERNAL_ERROR:
            return f
        r = self.registry.rules.get(f.rule_id)
        settings = selection.settings
        if r is not None and f.severity is not r.meta.severity and f.rule_id not in settings.severity:
            # the rule chose a per-finding severity; a preset only lifts the default
            if not (settings.preset == "strict" and f.severity is Severity.INFO):
                return f
        return replace(f, severity=sev)

    def _load(self, target: Target, root: Path, env: ParseEnv) -> tuple[Artifact | None, list[Finding], str | None]:
        """Read and parse one file: (artifact, parse findings, why it was passed over or None).

        The file is read once; a kind its name only suggests (``target.confirm``) is checked on
        that text before parsing (``kinds.confirm``), and a template's placeholders are masked.
        """
        overridden = bool(self.kind_override and target.explicit)
        kind = self.kind_override if overridden else target.kind
        checking = target.confirm and not overridden and kind is not None
        display = target.display
        loc = Location(display, START)
        stdin = self.stdin if self.stdin is not None and target.path == self.stdin.path else None
        try:
            relpath = rel_to_root(target.path, root)
        except ValueError:
            relpath = target.path.as_posix()
        # a content candidate (a YAML or .conf file whose name says nothing): never an X000
        by_content = checking and classify(PurePosixPath(relpath)) is None
        stand_in = self.overlay.get(resolve(target.path)) if self.overlay else None
        limit = env.settings.max_file_size
        real: Path | None = None
        try:
            if stand_in is not None:
                size = len(stand_in)
            elif stdin is not None:
                size = len(stdin.data)
            else:
                real = self._confined(target.path, root)
                size = os.lstat(real).st_size
        except NotReadable as exc:
            return None, [self._emit(SKIPPED_PATH, loc, f"{display}: {exc}")], None
        except OSError as exc:
            return None, [self._emit(SKIPPED_PATH, loc, f"cannot read {display}: {exc.strerror or exc}")], None
        if by_content and size > SNIFF_MAX_BYTES:
            return None, [], f"{size} bytes, too large to tell its kind by content (limit {SNIFF_MAX_BYTES})"
        if kind is not None and size > limit:
            msg = f"file is {size} bytes, above the {limit}-byte limit; it was not parsed"
            return None, [self._emit(f"{PREFIX[kind]}000", loc, msg)], None
        try:
            if real is not None:
                pre = self.preread.pop(target.path, None) if self.preread else None
                data = pre if pre is not None else read_regular(real, limit)
                if len(data) > limit:  # it grew since lstat, or stat does not tell (never read on)
                    msg = f"file is more than {limit} bytes, above the limit; it was not parsed"
                    return None, [self._emit(f"{PREFIX[kind or Kind.CORE]}000", loc, msg)], None
            else:
                data = stdin.data if stdin is not None else b""
        except NotReadable as exc:
            return None, [self._emit(SKIPPED_PATH, loc, f"{display}: {exc}")], None
        except OSError as exc:
            return None, [self._emit(SKIPPED_PATH, loc, f"cannot read {display}: {exc.strerror or exc}")], None
        try:
            text, enc = decode(data) if stand_in is None else (stand_in, "utf-8")
        except DecodeError as exc:
            if kind is None:
                return None, [], None
            if by_content:
                return None, [], "not text (cannot decode)"
            span = Span(exc.line, exc.col, exc.line, exc.col + 1)
            msg = f"cannot decode file: {exc}"
            return None, [self._emit(f"{PREFIX[kind]}000", Location(display, span), msg)], None
        if kind is None:
            kind = sniff(PurePosixPath(target.path.name), text)
            if kind is None:
                guess = candidate(PurePosixPath(relpath))
                return None, [], confirm(guess, PurePosixPath(relpath), text) if guess is not None else None
        elif checking:
            why = confirm(kind, PurePosixPath(relpath), text)
            if why is not None:
                return None, [], why
        self.registry.load([kind])
        src = self.source_for(target, text, enc)
        art = Artifact(target.path, display, relpath, kind, src, explicit=target.explicit)
        module_name = PARSER_MODULE.get(kind)
        if module_name is None or importlib.util.find_spec(module_name) is None:
            return None, [], None
        try:
            module = importlib.import_module(module_name)
            art.parsed = module.parse(src, env)
        except RecursionError:
            return art, [self._emit(f"{PREFIX[kind]}000", loc, "input nests too deeply to parse")], None
        except Exception as exc:  # noqa: BLE001 - a parser bug must not lose other files
            return art, [self._internal(f"parser for {kind.value}", display, exc)], None
        labels = getattr(art.model, "report_labels", None)
        if isinstance(labels, dict):
            art.labels.update(labels)
        errs = [
            self._emit(f"{PREFIX[kind]}000", Location(display, d.span), d.message)
            for d in (art.parsed.errors if art.parsed is not None else [])
        ]
        return art, errs, None

    @staticmethod
    def source_for(target: Target, text: str, encoding: str) -> SourceFile:
        """The source of a scanned file from its decoded text (a template's placeholders masked)."""
        masked = mask_placeholders(PurePosixPath(target.path.name), text)
        changed = masked is not text and masked != text
        return SourceFile(target.path, masked, target.display, encoding=encoding, masked=changed)

    @staticmethod
    def _confined(path: Path, root: Path) -> Path:
        """The real path of a file the scan may read, confined again at read time (discovery
        checked it earlier; it may have been swapped for a link since). The read itself goes
        through :func:`deploylint.paths.read_regular`: regular files only, no link followed, at
        most the size limit + 1 bytes whatever ``stat`` says."""
        real = resolve(path)
        if real != Path(os.path.abspath(path)) and not is_within(real, root):  # noqa: PTH100 - not resolved
            # a link (given, or swapped in since discovery) to a file outside the root; a plain
            # file the user named outside the root is theirs to read
            raise NotReadable("is a symlink to a file outside the scanned root; not read")
        return real

    def _reparser(self, art: Artifact, env: ParseEnv) -> Callable[[], Parsed[Any]]:
        def again() -> Parsed[Any]:
            assert art.source is not None
            parsed: Parsed[Any] = importlib.import_module(PARSER_MODULE[art.kind]).parse(art.source, env)
            return parsed

        return again

    def _internal(self, what: str, display: str, exc: BaseException) -> Finding:
        import traceback  # only on the rare internal error: not a start-up cost

        tb = traceback.extract_tb(exc.__traceback__)
        where = f" at {PurePosixPath(tb[-1].filename).name}:{tb[-1].lineno}" if tb else ""
        msg = f"internal error in {what} on {display}: {type(exc).__name__}: {exc}{where}"
        return self._emit(INTERNAL_ERROR, Location(display, START), msg)

    def _run_rule(self, r: Rule, model: Any, ctx: Context, display: str) -> list[Finding]:
        try:
            return list(r.check(model, ctx))
        except RecursionError as exc:
            return [self._internal(f"rule {r.id} ({r.name})", display, exc)]
        except Exception as exc:  # noqa: BLE001 - one rule's bug must not lose the others
            return [self._internal(f"rule {r.id} ({r.name})", display, exc)]

    def _link(self, artifacts: list[Artifact], root: Path, env: ParseEnv, findings: list[Finding]) -> Any:
        if importlib.util.find_spec("deploylint.project") is None:
            return None
        try:
            project_mod = importlib.import_module("deploylint.project")
            build = getattr(project_mod, "build_project", None)
            if build is None:
                return None
            return build(artifacts, root, env)
        except Exception as exc:  # noqa: BLE001
            findings.append(self._internal("project linking", display_path(root), exc))
            return None

    def _suppress(
        self,
        findings: list[Finding],
        artifacts: list[Artifact],
        by_display: dict[str, _Selection],
        selection: _Selection,
    ) -> list[Finding]:
        from deploylint import suppress

        by_path: dict[str, list[Finding]] = {}
        for f in findings:
            by_path.setdefault(f.location.path, []).append(f)
        out: list[Finding] = []
        for art in artifacts:
            group = by_path.pop(art.display, [])
            sel = by_display.get(art.display, selection)
            sups = (
                suppress.parse_suppressions(art.source, art.comments, self.registry, _from_lines(art))
                if art.source is not None and art.comments and not sel.settings.no_ignores
                else []
            )
            if not sups:
                out += group
                continue
            res = suppress.apply(group, sups, sel.enabled - sel.disabled_for(art.relpath))
            out += res.kept
            for code, _ in res.unknown:
                msg = f"suppression names unknown rule {code.text!r}"
                out.append(self._emit(UNKNOWN_SUPPRESSION, Location(art.display, code.span), msg))
            for code, _ in res.unused:
                msg = f"unused suppression: {code.text} reported nothing here"
                out.append(self._emit(UNUSED_SUPPRESSION, Location(art.display, code.span), msg))
        for group in by_path.values():
            out += group
        return [f for f in out if _kept(f, by_display.get(f.location.path, selection))]


def _from_lines(art: Artifact) -> Callable[[], list[int]]:
    """A Dockerfile's FROM lines, for ``hadolint stage ignore=`` (the model is read only then)."""
    return lambda: [st.from_.start_line for st in getattr(art.model, "stages", None) or ()]


def _kept(f: Finding, selection: _Selection) -> bool:
    """A finding of an enabled rule, or a file's read/parse problem (kept unless its rule is named
    in the ignore list: ``--ignore DKR000``)."""
    if f.rule_id.endswith("000"):
        return f.rule_id not in selection.ignored_parse_errors
    return f.rule_id in selection.enabled


def _relpath(target: Target, root: Path) -> str:
    try:
        return rel_to_root(target.path, root)
    except ValueError:
        return target.path.as_posix()


def lint_paths(paths: Iterable[Path], settings: Settings | None = None, **kw: Any) -> Report:
    return Engine(settings or Settings(), **kw).run(paths)


__all__ = ["Artifact", "Engine", "FileResult", "Report", "Stdin", "UsageError", "is_within", "lint_paths", "total_key"]
