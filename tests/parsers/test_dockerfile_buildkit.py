"""BuildKit's own parser test files: our parse, rendered as BuildKit's AST dump, must agree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from deploylint.models.dockerfile import Env, Instruction, Label, Onbuild, Unknown
from deploylint.parsers.dockerfile import parse, parse_text
from deploylint.source import SourceFile
from tests import conftest
from tests.conftest import shared_path

CASES = "conformance", "buildkit-parser"
INSTRUCTION_LAYER = re.compile(
    r"unknown flag|\w+ before the first FROM|Unknown type|HEALTHCHECK requires|Missing command"
)


def go_quote(s: str) -> str:
    """Go's strconv.Quote."""
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch in "\a\b\f\n\r\t\v":
            out.append({"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}[ch])
        elif o < 0x20 or o == 0x7F:
            out.append(f"\\x{o:02x}")
        elif ch.isprintable():
            out.append(ch)
        elif o < 0x10000:
            out.append(f"\\u{o:04x}")
        else:
            out.append(f"\\U{o:08x}")
    out.append('"')
    return "".join(out)


def dump(ins: Instruction) -> str:
    parts = [ins.keyword.value.lower()]
    if ins.flags:
        parts.append("[" + " ".join(go_quote(f.raw) for f in ins.flags) + "]")
    if isinstance(ins, (Env, Label)):
        for kv in ins.pairs:
            parts += [go_quote(kv.key.value), go_quote(kv.raw_value or ""), go_quote("" if kv.legacy else "=")]
    elif isinstance(ins, Onbuild):
        if ins.inner is not None:
            parts.append("(" + dump(ins.inner) + ")")
    elif isinstance(ins, Unknown):
        parts.append('""')
    else:
        parts += [go_quote(a.value) for a in ins.args]
    return " ".join(parts)


def _cases(folder: str) -> list[Path]:
    root = conftest.SHARED / "conformance" / "buildkit-parser" / folder
    return sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []


@pytest.mark.parametrize("case", _cases("testfiles") or ["absent"], ids=lambda p: getattr(p, "name", p))
def test_positive(case: Path | str) -> None:
    base = shared_path(*CASES, "testfiles")
    case = base / case.name if isinstance(case, Path) else base
    if not (case / "Dockerfile").is_file():
        pytest.skip("no case")
    text = (case / "Dockerfile").read_bytes().decode("utf-8")
    parsed = parse_text(text)
    # BuildKit's AST layer accepts these files; its instruction layer refuses some (unknown flags,
    # CMD before FROM, HEALTHCHECK CONNECT), which we report while keeping the instruction
    assert [d.message for d in parsed.errors if not INSTRUCTION_LAYER.match(d.message)] == []
    assert parsed.model is not None
    got = [f"({dump(i)})" for i in parsed.model.instructions]
    want = (case / "result").read_text(encoding="utf-8").splitlines()
    assert got == want


@pytest.mark.parametrize("case", _cases("testfiles-negative") or ["absent"], ids=lambda p: getattr(p, "name", p))
def test_negative(case: Path | str) -> None:
    base = shared_path(*CASES, "testfiles-negative")
    case = base / case.name if isinstance(case, Path) else base
    if not (case / "Dockerfile").is_file():
        pytest.skip("no case")
    src = SourceFile(case / "Dockerfile", (case / "Dockerfile").read_text(encoding="utf-8"))
    parsed = parse(src)
    assert parsed.errors, "expected a DKR000 diagnostic"
    for d in parsed.errors:
        assert 1 <= d.span.start_line <= max(src.line_count, 1)
        assert d.span.start_col >= 1
