"""Helpers for tests (ours and third-party rule packs).

Case files live in ``rules/<ID>/``. A case is a file (``fail_*.Dockerfile``, ``pass_*.yaml``...) or
a folder (a small project). Expected findings are written as comments in the case itself::

    # expect: DKR001:6          the next code line, column 6
    # expect: DKR002            the next code line, at its first non-blank column
    # expect: CORE002@3:20      line 3, column 20

"The next code line" is the next line that is neither blank nor a comment. ``<case>.toml`` beside
a case holds config for it (same keys as ``[tool.deploylint]``).
"""

from __future__ import annotations

import re
import tempfile
import tomllib
from collections.abc import Iterable
from pathlib import Path

from deploylint.engine import Engine, Report
from deploylint.kinds import Kind
from deploylint.registry import Registry
from deploylint.settings import Settings

_MARKER = re.compile(r"(?:#|//)\s*expect:\s*(?P<body>.+?)\s*$")
#: a rule id: a letter prefix, which may end in digits (``PM2``), then three digits
_ITEM = re.compile(r"(?P<id>[A-Z]+[0-9]*?[0-9]{3})(?![0-9])(?:@(?P<line>\d+))?(?::(?P<col>\d+))?")

CANONICAL_NAME = {
    Kind.DOCKERFILE: "Dockerfile",
    Kind.COMPOSE: "compose.yaml",
    Kind.NGINX: "nginx.conf",
    Kind.WORKFLOW: ".github/workflows/ci.yml",
    Kind.ACTION: "action.yml",
    Kind.DEPENDABOT: ".github/dependabot.yml",
    Kind.ECS: "taskdef.json",
    Kind.PM2: "ecosystem.config.js",
}
#: a file that cannot hold comments (JSON) carries its markers in ``<file name>.expect`` beside it,
#: in the absolute form only (``# expect: ECS001@5:16``)
SIDECAR = ".expect"

_REGISTRY: Registry | None = None


def registry() -> Registry:
    """One fully loaded registry shared by the tests of a session."""
    global _REGISTRY  # noqa: PLW0603 - a test-session cache
    if _REGISTRY is None:
        _REGISTRY = Registry.discover()
    return _REGISTRY


Triple = tuple[str, int, int]


def expected_markers(text: str) -> set[Triple]:
    """(rule id, line, column) from ``# expect:`` comments."""
    lines = text.splitlines()
    out: set[Triple] = set()
    for idx, raw in enumerate(lines):
        m = _MARKER.search(raw)
        if not m or not raw.lstrip().startswith(("#", "//")):
            continue
        for item in _ITEM.finditer(m.group("body")):
            if item.group("line"):
                line = int(item.group("line"))
            else:
                line = next(
                    (
                        j + 1
                        for j in range(idx + 1, len(lines))
                        if lines[j].strip() and not lines[j].lstrip().startswith(("#", "//"))
                    ),
                    idx + 1,
                )
            target = lines[line - 1] if 0 < line <= len(lines) else ""
            col = int(item.group("col")) if item.group("col") else len(target) - len(target.lstrip()) + 1
            out.add((item.group("id"), line, col))
    return out


def file_markers(path: Path) -> set[Triple]:
    """The markers of a case file: its own comments, or its ``.expect`` sidecar."""
    side = path.with_name(path.name + SIDECAR)
    if side.is_file():
        return expected_markers(side.read_text(encoding="utf-8"))
    return expected_markers(path.read_text(encoding="utf-8"))


def settings_for_case(case: Path, rule_id: str | None) -> Settings:
    settings = Settings()
    cfg = case.with_suffix(".toml") if case.is_file() else case / "case.toml"
    if cfg.is_file():
        from deploylint.config.loader import apply_config, parse_config

        apply_config(settings, parse_config(tomllib.loads(cfg.read_text(encoding="utf-8")), str(cfg)))
    if settings.select is None and rule_id is not None:
        settings.select = [rule_id]
    settings.fail_on = None
    return settings


def kind_for_case(case: Path, kinds: Iterable[Kind]) -> Kind | None:
    file_kinds = [k for k in kinds if k in CANONICAL_NAME]
    if not file_kinds:
        return None
    if Kind.ACTION in file_kinds and Kind.WORKFLOW in file_kinds:
        return Kind.ACTION if "action" in case.name else Kind.WORKFLOW
    return file_kinds[0]


def run_case(case: Path, rule_id: str) -> tuple[set[tuple[str, str, int, int]], set[tuple[str, str, int, int]], Report]:
    """Expected and actual (path, id, line, col) for a case file or folder, running only rule_id."""
    reg = registry()
    rule = reg.get(rule_id)
    settings = settings_for_case(case, rule_id)
    if case.is_dir():
        settings.root = case.resolve()
        report = Engine(settings, reg).run([case])
        expected: set[tuple[str, str, int, int]] = set()
        for path in sorted(case.rglob("*")):
            if path.is_file() and path.name != "case.toml" and path.suffix != SIDECAR:
                try:
                    found = file_markers(path)
                except (UnicodeDecodeError, OSError):
                    continue
                rel = path.relative_to(case).as_posix()
                expected |= {(rel, *t) for t in found}
        base = case.resolve()
    else:
        settings.root = case.parent.resolve()
        kind = kind_for_case(case, rule.meta.kinds) if rule else None
        report = Engine(settings, reg, kind=kind).run([case])
        expected = {(case.name, *t) for t in file_markers(case)}
        base = case.parent.resolve()
    actual = set()
    for f in report.findings:
        p = Path(f.location.path)
        try:
            rel = p.resolve().relative_to(base).as_posix()
        except ValueError:
            rel = p.as_posix()
        actual.add((rel, f.rule_id, f.location.span.start_line, f.location.span.start_col))
    return expected, actual, report


def lint_text(
    text: str,
    kind: Kind,
    *,
    select: Iterable[str] | None = None,
    filename: str | None = None,
    files: dict[str, str] | None = None,
    settings: Settings | None = None,
) -> list[Triple]:
    """Lint one text as ``kind`` (plus optional sibling files) and return sorted (id, line, col)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        name = filename or CANONICAL_NAME[kind]
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        for rel, body in (files or {}).items():
            p = root / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(body, encoding="utf-8")
        s = settings or Settings()
        if select is not None:
            s.select = list(select)
        s.root = root.resolve()
        report = Engine(s, registry(), kind=kind).run([target])
        return sorted(
            (f.rule_id, f.location.span.start_line, f.location.span.start_col)
            for f in report.findings
            if Path(f.location.path).name == Path(name).name
        )
