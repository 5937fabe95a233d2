"""Coverage-guided fuzzing of the whole per-file pipeline (decode, parse, every rule, suppressions).

Not part of CI and not a dependency. Run it for a few minutes before a release::

    pip install atheris            # a wheel for CPython on Linux x86_64; elsewhere it builds with clang
    python fuzz/fuzz_engine.py -max_total_time=300 -rss_limit_mb=2048 fuzz/corpus

The first byte of each input picks the artifact kind; the rest is the file. Any exception that
escapes the engine, any internal-error (CORE001) finding and any finding positioned outside the
file is a crash, and so is a report that echoes what it must not: in every output format, a line
that starts with ``::`` (other than the GitHub format's own commands), a control character or
bidi override (which can only have come from the input) or text no UTF-8 stream can write. atheris stops and writes the input to ``crash-<hash>``. Reproduce one with
``python fuzz/fuzz_engine.py crash-<hash>``; then add it to tests/hostile/.

``fuzz/corpus`` can start empty, or be seeded with real files (``python fuzz/seed.py DIR``
copies the files of a folder, each prefixed with its kind byte).
"""

from __future__ import annotations

import io
import re
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["deploylint"]):
    from deploylint.discovery import Target, display_path
    from deploylint.engine import Engine, FileResult, Report, Selection
    from deploylint.kinds import Kind
    from deploylint.parsers import ParseEnv
    from deploylint.registry import Registry
    from deploylint.reporters import FORMATS, ReportOptions, get
    from deploylint.settings import Settings
    from deploylint.testing import CANONICAL_NAME

KINDS = (Kind.DOCKERFILE, Kind.COMPOSE, Kind.NGINX, Kind.WORKFLOW, Kind.ACTION, Kind.DEPENDABOT)
ROOT = Path(tempfile.mkdtemp(prefix="deploylint-fuzz-")).resolve()
SETTINGS = Settings(jobs=1, root=ROOT, fail_on=None, preview=True, file_timeout=5.0)
ENGINE = Engine(SETTINGS, Registry.discover())
SELECTION = Selection(ENGINE.registry, SETTINGS)
ENV = ParseEnv(root=ROOT, settings=SETTINGS)
ENGINE.defer_project_rules = False
TARGETS = {}
for kind in KINDS:
    path = ROOT / CANONICAL_NAME[kind]
    path.parent.mkdir(parents=True, exist_ok=True)
    TARGETS[kind] = Target(path, display_path(path), kind)

#: what no report may hold: C0 controls but tab and LF, DEL, C1, U+2028/U+2029, bidi controls
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
#: the one kind of line allowed to start with ``::``: a workflow command of the GitHub format
OURS = re.compile(
    r"::(error|warning|notice) file=[^:,]*,line=\d+,col=\d+,endLine=\d+(,endColumn=\d+)?,title=[^:,]*::.*"
)


def check_outputs(result: FileResult, kind: Kind) -> None:
    """Render ``result`` in every format and raise if a report echoes the input unescaped."""
    artifacts = [result.artifact] if result.artifact is not None else []
    report = Report(result.findings, artifacts, ENGINE.registry, SETTINGS, ROOT)
    for fmt in FORMATS:
        out = io.StringIO()
        get(fmt)(report, out, ReportOptions(code_frames=True, verbose=True))
        text = out.getvalue()
        text.encode("utf-8")  # strict: no lone surrogate
        found = CONTROL.search(text)
        if found:
            raise RuntimeError(f"{fmt} output for {kind.value} holds {found.group()!r}")
        for line in text.split("\n"):
            if line.lstrip().startswith("::") and not (fmt == "github" and OURS.fullmatch(line)):
                raise RuntimeError(f"{fmt} output for {kind.value} has a line starting with '::': {line!r}")


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
    check_outputs(result, kind)


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
