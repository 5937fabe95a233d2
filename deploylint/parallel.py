"""Parallel per-file scanning in a pool of worker processes.

The per-file work (read, decode, parse, file rules) runs in workers started with the ``spawn``
method, so it behaves the same on every platform. A worker is set up once with what the engine
knows (settings, the rules by module and name, the selection, the parser table) and then scans
chunks of targets; it sends back each file's artifact (model included), findings and the ids of
rules that asked for ``ctx.project``. The main process links the project from all the models and
runs those deferred rules, exactly as a serial scan does, so both give the same findings and the
final sort makes the output byte-identical.

Parallelism only pays for itself on bigger trees (starting a worker costs about as much as
scanning a few dozen files), so small scans stay in-process. Any failure of the pool (a rule that
cannot be sent to a worker, a result that cannot be pickled, a worker that died) falls back to
scanning the affected files in-process: the result is the same, only slower.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from deploylint.discovery import Target
from deploylint.kinds import PARSER_MODULE, Kind
from deploylint.records import record
from deploylint.registry import AnyRule, Registry

if TYPE_CHECKING:
    from concurrent.futures import Future

    from deploylint.engine import Engine, FileResult, Selection
    from deploylint.parsers import ParseEnv
    from deploylint.settings import Settings

#: below this many files a scan stays in-process
MIN_FILES = 64
#: the default ``--jobs`` starts a pool only for scans this large on machines with this many cores.
#: Measured on the corpus on 2 cores, one process wins every time (all kinds: 21.2 s against 22.7 s;
#: 2,389 Dockerfiles: 7.0 s against 8.6 s): the main process links the project and finishes the
#: deferred rules while both workers run, so it competes with them for a core.
AUTO_MIN_FILES = 1000
AUTO_MIN_CORES = 4
#: what the last pool did: chunks sent, and chunks whose results came back from a worker
LAST_SCAN: dict[str, int] = {}
#: workers an explicit ``jobs`` may start per core: more cannot speed a scan that is CPU-bound,
#: and the config is the repository's (``jobs = 1024`` beside 8,200 files started 1,024 processes)
MAX_WORKERS_PER_CORE = 2
#: files per task sent to a worker (bounds: small enough to balance, big enough to amortise)
MIN_CHUNK, MAX_CHUNK = 8, 64


def available_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def effective_jobs(jobs: int, files: int, cores: int | None = None) -> int:
    """Workers to use: ``jobs`` (0 = decide), and 1 when a pool would not pay for itself; never
    more than :data:`MAX_WORKERS_PER_CORE` per core."""
    cores = available_cores() if cores is None else cores
    if jobs > 0:
        return 1 if files <= MIN_FILES else max(1, min(jobs, files // MIN_CHUNK, MAX_WORKERS_PER_CORE * cores))
    if cores < AUTO_MIN_CORES or files <= AUTO_MIN_FILES:
        return 1
    return max(1, min(cores, files // MIN_CHUNK))


@record(frozen=False, slots=False)
class _Setup:
    settings: Settings
    kind_override: Kind | None
    root: Path
    parser_modules: dict[Kind, str]
    rule_refs: list[tuple[str, str]]
    loaded_kinds: set[Kind]
    #: Selection.state() of the main process's selection
    selection: dict[str, object]
    defer_project_rules: bool
    record_reads: bool = True


def _rule_ref(r: AnyRule) -> tuple[str, str] | None:
    """(module, attribute) naming ``r`` so a worker can import it, or None."""
    module_name = getattr(r.check, "__module__", None)
    qualname = getattr(r.check, "__qualname__", "")
    if not module_name or "<" in qualname or "." in qualname:
        return None
    try:
        module = importlib.import_module(module_name)
    except Exception:  # noqa: BLE001 - then the rule cannot go to a worker
        return None
    return (module_name, qualname) if getattr(module, qualname, None) is r else None


def _setup_for(engine: Engine, root: Path, selection: Selection) -> bytes | None:
    refs: list[tuple[str, str]] = []
    for r in engine.registry.rules.values():
        ref = _rule_ref(r)
        if ref is None:
            return None
        refs.append(ref)
    setup = _Setup(
        settings=engine.settings,
        kind_override=engine.kind_override,
        root=root,
        parser_modules=dict(PARSER_MODULE),
        rule_refs=sorted(refs),
        loaded_kinds=set(engine.registry.loaded_kinds),
        selection=selection.state(),
        defer_project_rules=engine.defer_project_rules,
        record_reads=engine.record_reads,
    )
    try:
        import pickle

        return pickle.dumps(setup)
    except Exception:  # noqa: BLE001 - e.g. options that cannot be pickled
        return None


_WORKER: tuple[Engine, Path, ParseEnv, Selection] | None = None


def _init_worker(payload: bytes) -> None:
    global _WORKER  # noqa: PLW0603 - per-process state of a pool worker
    import pickle

    from deploylint.engine import Engine, Selection
    from deploylint.parsers import ParseEnv

    setup: _Setup = pickle.loads(payload)
    PARSER_MODULE.update(setup.parser_modules)
    registry = Registry()
    for module_name, attr in setup.rule_refs:
        registry.add(getattr(importlib.import_module(module_name), attr))
    registry.loaded_kinds = set(setup.loaded_kinds)
    selection = Selection.restored(registry, setup.settings, setup.selection)
    engine = Engine(setup.settings, registry, kind=setup.kind_override)
    engine.defer_project_rules = setup.defer_project_rules
    engine.record_reads = setup.record_reads
    env = ParseEnv(root=setup.root, settings=setup.settings)
    _WORKER = (engine, setup.root, env, selection)


def _scan_chunk(chunk: list[Target]) -> list[FileResult]:
    assert _WORKER is not None, "worker not initialised"
    from deploylint.engine import gc_paused

    engine, root, env, selection = _WORKER
    with gc_paused():
        out = [engine.scan_file(t, root, env, selection) for t in chunk]
    for res in out:
        # models are costly to pickle (about as costly as parsing again); the main process
        # parses a file again only if something there asks for its model
        if res.artifact is not None and res.artifact.parsed is not None and res.artifact.parsed.model is not None:
            res.artifact.drop_model()
            res.lazy = True
    return out


def _chunks(targets: list[Target], jobs: int) -> list[list[Target]]:
    size = max(MIN_CHUNK, min(MAX_CHUNK, len(targets) // (jobs * 8) or 1))
    return [targets[i : i + size] for i in range(0, len(targets), size)]


def scan(engine: Engine, targets: list[Target], root: Path, selection: Selection, jobs: int) -> list[FileResult] | None:
    """Scan ``targets`` in ``jobs`` workers; results in target order. None: use the serial path."""
    payload = _setup_for(engine, root, selection)
    if payload is None:
        return None
    chunks = _chunks(targets, jobs)
    results: list[list[FileResult] | None] = [None] * len(chunks)
    total = len(targets)
    done = 0
    # imported here: a one-file run (pre-commit) never pays for multiprocessing (~15 ms)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ctx = multiprocessing.get_context("spawn")
    # spawned interpreters start with ``-c``, which puts the working directory first on sys.path:
    # when that is the scanned repository, its ``multiprocessing.py`` would run in our workers.
    # PYTHONSAFEPATH (Python 3.11+) keeps the working directory off their path.
    saved = os.environ.get("PYTHONSAFEPATH")
    os.environ["PYTHONSAFEPATH"] = "1"
    try:
        with ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_init_worker, initargs=(payload,)) as pool:
            futures: list[Future[list[FileResult]]] = [pool.submit(_scan_chunk, c) for c in chunks]
            for i, fut in enumerate(futures):
                try:
                    results[i] = fut.result()
                except Exception:  # noqa: BLE001 - redo this chunk in-process below
                    results[i] = None
                done += len(chunks[i])
                if engine.progress is not None:
                    engine.progress(done, total)
    except Exception:  # noqa: BLE001 - a pool that cannot start: every missing chunk runs in-process
        pass
    finally:
        if saved is None:
            os.environ.pop("PYTHONSAFEPATH", None)
        else:
            os.environ["PYTHONSAFEPATH"] = saved
    # a chunk a worker could not do is redone in-process (the scan never fails for it), and
    # counted here so that tests see a pool that silently never works
    LAST_SCAN.update(chunks=len(chunks), in_workers=sum(r is not None for r in results))
    out: list[FileResult] = []
    env = None
    for i, chunk in enumerate(chunks):
        got = results[i]
        if got is None:
            if env is None:
                from deploylint.parsers import ParseEnv

                env = ParseEnv(root=root, settings=engine.settings)
            got = [engine.scan_file(t, root, env, selection) for t in chunk]
        out += got
    return out
