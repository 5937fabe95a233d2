"""Coverage-guided fuzzing of the whole per-file pipeline (decode, parse, every rule, suppressions).

Not part of CI and not a dependency. Run it for a few minutes before a release::

    pip install atheris            # a wheel for CPython on Linux x86_64; elsewhere it builds with clang
    python fuzz/fuzz_engine.py -max_total_time=300 -rss_limit_mb=2048 fuzz/corpus

The first byte of each input picks the artifact kind; the rest is the file. Any exception that
escapes the engine, any internal-error (CORE001) finding and any finding positioned outside the
file is a crash: atheris stops and writes the input to ``crash-<hash>``. Reproduce one with
``python fuzz/fuzz_engine.py crash-<hash>``; then add it to tests/hostile/.

``fuzz/corpus`` can start empty, or be seeded with real files (``python fuzz/seed.py DIR``
copies the files of a folder, each prefixed with its kind byte).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["deploylint"]):
    from deploylint.discovery import Target, display_path
    from deploylint.engine import Engine, _Selection
    from deploylint.kinds import Kind
    from deploylint.parsers import ParseEnv
    from deploylint.registry import Registry
    from deploylint.settings import Settings
    from deploylint.testing import CANONICAL_NAME

KINDS = (Kind.DOCKERFILE, Kind.COMPOSE, Kind.NGINX, Kind.WORKFLOW, Kind.ACTION)
ROOT = Path(tempfile.mkdtemp(prefix="deploylint-fuzz-")).resolve()
SETTINGS = Settings(jobs=1, root=ROOT, fail_on=None, preview=True, file_timeout=5.0)
ENGINE = Engine(SETTINGS, Registry.discover())
SELECTION = _Selection(ENGINE.registry, SETTINGS)
ENV = ParseEnv(root=ROOT, settings=SETTINGS)
ENGINE.defer_project_rules = False
TARGETS = {}
for kind in KINDS:
    path = ROOT / CANONICAL_NAME[kind]
    path.parent.mkdir(parents=True, exist_ok=True)
    TARGETS[kind] = Target(path, display_path(path), kind)


def one_input(data: bytes) -> None:
    if not data:
        return
    kind = KINDS[data[0] % len(KINDS)]
    target = TARGETS[kind]
    body = data[1:]
    target.path.write_bytes(body)
    ENV.cache.clear()
    result = ENGINE.scan_file(target, ROOT, ENV, SELECTION)
    lines = body.count(b"\n") + 1
    for f in result.findings:
        if f.rule_id == "CORE001":
            raise RuntimeError(f"internal error on {kind.value}: {f.message}")
        span = f.location.span
        if f.location.path == target.display and not (1 <= span.start_line <= lines and span.start_col >= 1):
            raise RuntimeError(f"{f.rule_id} positioned outside the file: {span} ({lines} lines)")


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
