"""The pipeline: discover -> read -> parse -> link the project -> run rules -> suppress -> sort.

Each stage is guarded: a file that cannot be read or parsed becomes a positioned ``<KIND>000``
finding, and an exception inside a parser or a rule becomes a CORE001 finding naming the rule and
the file, while every other rule and file still reports.

Rules run in two phases: file rules while each file is scanned, and rules declared with
``needs_project=True`` (and the project kind's rules) once every file is parsed and the project
is linked (:meth:`Engine._project_phase`).
"""

from __future__ import annotations

import gc
import importlib
import importlib.util
import posixpath
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict, Unpack, cast

from deploylint.budget import OverBudget, Stopwatch, budget
from deploylint.context import Context
from deploylint.discovery import Discovery, Target, discover, display_path, find_root
from deploylint.engine.artifacts import (
    INTERNAL_ERROR,
    SKIPPED_PATH,
    Artifact,
    FileResult,
    Report,
    Stdin,
)
from deploylint.engine.read import Reader
from deploylint.engine.select import Selection
from deploylint.engine.suppress import Suppressor, kept, total_key
from deploylint.engine.watch import Watched
from deploylint.findings import Finding, Location
from deploylint.kinds import FILE_KINDS, Kind, parse_rule
from deploylint.parsers import ParseEnv
from deploylint.paths import clear_cache, rel_to_root, resolve
from deploylint.registry import AnyRule, Registry
from deploylint.settings import Settings
from deploylint.source import START, SourceFile, Span

if TYPE_CHECKING:
    from deploylint.cache import Cache, Session
    from deploylint.models.project import Project

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


class ProjectNotDeclared(RuntimeError):
    """A rule read ``ctx.project`` without declaring ``needs_project=True``."""


class _FileContext(Context[object]):
    """Context for the per-file pass: there is no project yet, and a rule that reads it without
    declaring ``needs_project`` is a bug reported as an internal error (CORE001)."""

    @property
    def project(self) -> Project | None:
        raise ProjectNotDeclared(
            f"rule {self.rule.meta.id} reads ctx.project: declare it with @rule(..., needs_project=True)"
        )

    @project.setter
    def project(self, _value: Project | None) -> None:
        pass


class Engine(Reader, Suppressor):
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
        self._scopes: dict[int, tuple[Selection, ParseEnv]] = {}
        #: the settings of each folder's files (see :meth:`scope`)
        self._here: dict[str, Settings] = {}
        self._session: Session | None = None

    def scope(self, relpath: str, selection: Selection, env: ParseEnv) -> tuple[Selection, ParseEnv]:
        """The selection and parse environment for the file at ``relpath``: those of the scan's
        settings, or of the closest nested config (:mod:`deploylint.config.tree`)."""
        if self.settings.tree is None:
            return selection, env
        # the settings of a file are those of its folder (ConfigTree.for_path): one lookup each
        folder = posixpath.dirname(relpath.rstrip("/"))
        here = self._here.get(folder)
        if here is None:
            here = self._here[folder] = self.settings.here(relpath)
        if here is self.settings:
            return selection, env
        got = self._scopes.get(id(here))
        if got is None:
            got = (Selection(self.registry, here), replace(env, settings=here))
            self._scopes[id(here)] = got
        return got

    # -- helpers -------------------------------------------------------------------------------
    def run(self, paths: Iterable[Path]) -> Report:
        # the model is trees without cycles, so the cyclic GC finds next to nothing during a scan
        # while its full passes over every retained model cost a quarter of a workflow corpus scan
        # (3.6 s against 2.6 s CPU, same peak memory): it is paused for the whole scan
        with gc_paused():
            try:
                return self._run(paths)
            finally:
                if self._session is not None:
                    self._session.stop()
                    self._session = None

    def _run(self, paths: Iterable[Path]) -> Report:
        paths = [Path(p) for p in paths] or [Path()]
        clear_cache()
        root = self.settings.root or find_root(paths[0])
        root = resolve(root)
        self._scopes.clear()
        self._here.clear()
        if self.settings.tree is not None:
            self.settings.tree.root = root
        stdin = self.stdin
        session = self._session = self.cache.session(self, root, paths) if self.cache is not None else None
        given = [p for p in paths if stdin is None or p != stdin.path]
        disc: Discovery | None = None
        if session is not None and len(given) == len(paths):
            cwd = Path.cwd()
            disc = session.discovery(self.settings, cwd)
            if disc is None:
                disc = discover(given, self.settings, root)
                session.store_discovery(disc)
        if disc is None:
            disc = discover(given, self.settings, root)
        if stdin is not None:
            disc.targets.append(Target(stdin.path, stdin.display, stdin.kind, explicit=True))
        kinds = {t.kind for t in disc.targets if t.kind is not None}
        if self.kind_override is not None:
            kinds.add(self.kind_override)
        if any(t.kind is None for t in disc.targets):
            kinds |= set(FILE_KINDS)
        self.registry.load([*kinds, Kind.PROJECT])
        selection = Selection(self.registry, self.settings)
        env = ParseEnv(root=root, settings=self.settings, overlay=self.overlay)

        findings: list[Finding] = []
        for s in disc.skipped:
            findings.append(self._emit(SKIPPED_PATH, Location(s.display, START), f"{s.display}: {s.reason}"))
        artifacts: list[Artifact] = []
        skipped_explicit: list[str] = []
        passed_over = [(p.display, p.reason) for p in disc.passed_over]
        from deploylint import parallel

        self.defer_project_rules = importlib.util.find_spec("deploylint.links.project") is not None
        if session is not None:
            session.begin()
        cached: list[FileResult | None] = [None] * len(disc.targets)
        rels: list[str] = []
        if session is not None:
            rels = [session.relpath(t) for t in disc.targets]
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
            # files whose results came from the cache are parsed again when a rule first asks
            # for their model, with the per-file budget's clock stopped (Reader._reparser): a
            # cold run parsed them outside any rule's budget
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
        findings = [f for f in findings if kept(f, by_display.get(f.location.path, selection))]
        findings = self._suppress(findings, artifacts, by_display, selection)
        findings = [self._with_severity(f, by_display.get(f.location.path, selection)) for f in findings]
        # a total order, so that the output never depends on file order, parallelism or hashing;
        # findings equal on (place, rule, message, span) collapse to the first in that order
        unique: dict[tuple[tuple[str, int, int, str, str], str, Span], Finding] = {}
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
        selection: Selection,
        findings: list[Finding],
    ) -> Project | None:
        """Link the project, then run the rules that wait for it; their findings go to ``findings``."""
        project = self._link(artifacts, root, env, findings)
        # rules that asked for ctx.project while the files were scanned run now, with the project
        session = self._session if project is not None else None
        for art, res in pending:
            if session is not None:
                known = session.deferred(art, env)
                if known is not None:
                    findings += known
                    continue
            wanted = set(res.deferred)
            sel = self.scope(art.relpath, selection, env)[0]
            rules = [r for r in sel.rules_for(art.kind, art.relpath) if r.id in wanted]
            if session is None or project is None:
                findings += self._check(art, rules, sel, project, res.spent, file_pass=False)[0]
                continue
            # what this file's rules read is recorded on its own, and added to the phase's
            outer, env.reads = env.reads, {}
            watched = Watched(project)
            try:
                found = self._check(art, rules, sel, cast("Project", watched), res.spent, file_pass=False)[0]
            finally:
                reads, env.reads = env.reads, outer
            if outer is not None and reads is not None:
                outer.update(reads)
            session.store_deferred(art, found, reads or {}, watched.own_file_only)
            findings += found
        if project is not None:
            placeholder = SourceFile(root, "", display_path(root))
            for r in selection.rules_for(Kind.PROJECT, ""):
                ctx = Context(r, placeholder, selection.options.get(r.id), self.settings, project)
                findings += self._run_rule(r, project, ctx, display_path(root))
        return project

    def scan_file(self, target: Target, root: Path, env: ParseEnv, selection: Selection) -> FileResult:
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

    def _scan_file(self, target: Target, root: Path, env: ParseEnv, selection: Selection) -> FileResult:
        """Read, parse and check one file within its time budget.

        Rules that read ``ctx.project`` are not finished here (the project needs every file): their
        ids come back in ``deferred`` and :meth:`run` runs them once the project is linked.
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
                rid = parse_rule(kind) if kind is not None else INTERNAL_ERROR
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
        if self.defer_project_rules:
            rules, later = selection.phases_for(art.kind, art.relpath)
        else:  # no project can exist: every rule runs now, seeing ``ctx.project`` None
            rules, later = selection.rules_for(art.kind, art.relpath), []
        found, over = self._check(
            art, rules, selection, None, watch.spent, file_pass=self.defer_project_rules, later=later
        )
        return FileResult(art, errs + found, [] if over else [r.id for r in later], watch.spent)

    def _check(
        self,
        art: Artifact,
        rules: list[AnyRule],
        selection: Selection,
        project: Project | None,
        spent: float,
        *,
        file_pass: bool,
        later: list[AnyRule] | None = None,
    ) -> tuple[list[Finding], bool]:
        """Run ``rules`` on one artifact with what is left of its budget: (findings, whether the
        budget ran out). When it does, the ``later`` rules (those waiting for the project) are
        named among the rules not run, and the caller does not run them either."""
        assert art.source is not None
        out: list[Finding] = []
        limit = self.settings.file_timeout
        remaining = max(limit - spent, 0.001) if limit > 0 else 0.0
        done = 0
        try:
            with budget(remaining):
                for r in rules:
                    ctx_type: type[Context[object]] = _FileContext if file_pass else Context
                    ctx = ctx_type(r, art.source, selection.options.get(r.id), selection.settings, project)
                    out += self._run_rule(r, art.model, ctx, art.display)
                    done += 1
        except OverBudget:
            left = ", ".join(sorted(r.id for r in [*rules[done:], *(later or ())]))
            msg = f"checking took longer than the {limit:g} s per-file budget; rules not run on this file: {left}"
            out.append(self._emit(parse_rule(art.kind), Location(art.display, START), msg))
            return out, True
        return out, False

    def _run_rule(self, r: AnyRule, model: object, ctx: Context[object], display: str) -> list[Finding]:
        try:
            return list(r.check(model, ctx))
        except RecursionError as exc:
            return [self._internal(f"rule {r.id} ({r.name})", display, exc)]
        except Exception as exc:  # noqa: BLE001 - one rule's bug must not lose the others
            return [self._internal(f"rule {r.id} ({r.name})", display, exc)]

    def _link(self, artifacts: list[Artifact], root: Path, env: ParseEnv, findings: list[Finding]) -> Project | None:
        if importlib.util.find_spec("deploylint.links.project") is None:
            return None
        try:
            project_mod = importlib.import_module("deploylint.links.project")
            build: Callable[[list[Artifact], Path, ParseEnv], Project] | None = getattr(
                project_mod, "build_project", None
            )
            if build is None:
                return None
            return build(artifacts, root, env)
        except Exception as exc:  # noqa: BLE001
            findings.append(self._internal("project linking", display_path(root), exc))
            return None


def _relpath(target: Target, root: Path) -> str:
    try:
        return rel_to_root(target.path, root)
    except ValueError:
        return target.path.as_posix()


class EngineOptions(TypedDict, total=False):
    """The keyword arguments of :class:`Engine` besides the settings."""

    registry: Registry | None
    kind: Kind | None
    progress: Callable[[int, int], None] | None
    overlay: Mapping[Path, str] | None
    stdin: Stdin | None
    cache: Cache | None


def lint_paths(paths: Iterable[Path], settings: Settings | None = None, **kw: Unpack[EngineOptions]) -> Report:
    return Engine(settings or Settings(), **kw).run(paths)
