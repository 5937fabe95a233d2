"""The fuzzing harness stays runnable: drive its entry point with atheris stubbed out."""

from __future__ import annotations

import contextlib
import importlib.util
import sys
import types
from pathlib import Path

import pytest

HARNESS = Path(__file__).resolve().parents[2] / "fuzz" / "fuzz_engine.py"


def test_harness_accepts_inputs_and_flags_internal_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    stub = types.ModuleType("atheris")
    stub.instrument_imports = lambda **_kw: contextlib.nullcontext()  # type: ignore[attr-defined]
    stub.Setup = lambda *_a: None  # type: ignore[attr-defined]
    stub.Fuzz = lambda: None  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "atheris", stub)
    spec = importlib.util.spec_from_file_location("fuzz_engine_under_test", HARNESS)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    for data in (
        b"",
        b"\x00FROM python\nRUN x\n",
        b"\x01services: {a: {image: x}}\n",
        b"\x02http { ;",
        b"\x03\xff\xfe",
        b"\x04runs: 1",
        b"\x00FROM \x1b]0;x\x07\xe2\x80\xae\xc2\x85img\nRUN \x1b[2J\n",
        b'\x01services: {a: {image: "x\\n::add-mask::y\\e[31m"}}\n',
    ):
        mod.one_input(data)
    # the escaping property: an unescaped text format is reported as a crash
    monkeypatch.setattr("deploylint.reporters.text.esc", lambda value: value)
    with pytest.raises(RuntimeError, match="text output for dockerfile holds"):
        mod.one_input(b"\x00FROM \x1b[31mimg\n")
    # an internal error is reported as a crash
    from deploylint.findings import Location
    from deploylint.source import START

    display = mod.TARGETS[mod.Kind.DOCKERFILE].display
    monkeypatch.setattr(
        mod.ENGINE, "_run_rule", lambda *_a: [mod.ENGINE._emit("CORE001", Location(display, START), "boom")]
    )
    with pytest.raises(RuntimeError, match="internal error on dockerfile: boom"):
        mod.one_input(b"\x00FROM python\n")
