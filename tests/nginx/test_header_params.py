"""Header values are parsed by the model (Header.params); NGX002 asks it for max-age."""

from __future__ import annotations

from pathlib import Path

from deploylint.models.nginx import Header, HeaderParam
from deploylint.parsers.nginx import parse_text
from deploylint.source import SourceFile


def _header(line: str) -> Header:
    src = SourceFile(Path("nginx.conf"), f"http {{\n    {line}\n}}\n")
    root, errors, _comments = parse_text(src)
    assert errors == []
    (d,) = [d for d in root.walk() if d.name == "add_header"]
    return Header.of(d)


def test_params_with_offsets_and_quotes() -> None:
    h = _header("add_header Strict-Transport-Security 'max-age=\"600\" ; includeSubDomains;preload' always;")
    assert h.params() == (
        HeaderParam("max-age", "600", 9),
        HeaderParam("includesubdomains", None, -1),
        HeaderParam("preload", None, -1),
    )
    p = h.param("MAX-AGE")
    assert p is not None and p.seconds == 600
    span = h.value_span(p.value_start, p.value_start + 3)
    assert span is not None and (span.start_line, span.start_col, span.end_col) == (
        2,
        52,
        55,
    )  # the digits inside the quotes


def test_non_numeric_max_age_has_no_seconds() -> None:
    p = _header('add_header Strict-Transport-Security "max-age=1y";').param("max-age")
    assert p is not None and (p.value, p.seconds) == ("1y", None)
