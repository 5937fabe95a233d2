"""Malformed bytes and line endings: positioned <KIND>000 findings or normal results, exact positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from deploylint.engine import Engine, Report
from deploylint.settings import Settings
from deploylint.source import DecodeError, SourceFile, decode
from tests.hostile import fakes
from tests.hostile.conftest import bounded


def _scan_bytes(tmp_path: Path, data: bytes, **kw: object) -> Report:
    (tmp_path / "Dockerfile").write_bytes(data)
    s = Settings(jobs=1, root=tmp_path.resolve(), select=["DKR951"], **kw)  # type: ignore[arg-type]
    return Engine(s, fakes.registry()).run([tmp_path])


def _rows(report: Report) -> list[tuple[str, int, int, int, int, str]]:
    return [
        (
            f.rule_id,
            f.location.span.start_line,
            f.location.span.start_col,
            f.location.span.end_line,
            f.location.span.end_col,
            f.message,
        )
        for f in report.findings
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"ok\nlatest\n", [("DKR951", 2, 1, 2, 7)]),
        (b"ok\r\n  latest\r\n", [("DKR951", 2, 3, 2, 9)]),  # CRLF: columns after the break stay right
        (b"ok\r\nok\n\xc3\xa9 latest\r\n", [("DKR951", 3, 1, 3, 9)]),  # mixed endings, a 2-byte char
        (b"\xef\xbb\xbflatest\n", [("DKR951", 1, 1, 1, 7)]),  # UTF-8 BOM dropped
        ("ok\n latest\n".encode("utf-16"), [("DKR951", 2, 2, 2, 8)]),  # UTF-16 with BOM
        ("ok\n latest\n".encode("utf-16-be").join([b"\xfe\xff", b""]), [("DKR951", 2, 2, 2, 8)]),
        (b"", []),  # empty
        (b"# only\n# comments\n", []),
    ],
)
def test_text_variants_keep_positions(
    fake_kind: None, tmp_path: Path, data: bytes, expected: list[tuple[str, int, int, int, int]]
) -> None:
    assert [r[:5] for r in _rows(_scan_bytes(tmp_path, data))] == expected


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            b"ok\n\xc3\xa9\xc3\xa9 \xff latest\n",
            ("DKR000", 2, 4, "cannot decode file: file is not valid UTF-8 (byte 0xff)"),
        ),
        (b"ok\nab\x00cd\n", ("DKR000", 2, 3, "cannot decode file: file contains NUL bytes (binary?)")),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00", ("DKR000", 1, 8, "cannot decode file: file contains NUL bytes (binary?)")),
        (b"\xff\xfe\x00\xd8", ("DKR000", 1, 1, "cannot decode file: invalid UTF-16: unexpected end of data")),
    ],
)
def test_undecodable_bytes_give_a_positioned_finding(
    fake_kind: None, tmp_path: Path, data: bytes, expected: tuple[str, int, int, str]
) -> None:
    rows = _rows(_scan_bytes(tmp_path, data))
    assert [(r[0], r[1], r[2], r[5]) for r in rows] == [expected]


def test_random_bytes_never_raise(fake_kind: None, tmp_path: Path) -> None:
    import random

    rng = random.Random(7)
    for _ in range(30):
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400)))
        rows = _rows(_scan_bytes(tmp_path, data))
        assert all(r[0] in ("DKR000", "DKR951") for r in rows)


def test_long_line_and_too_large(fake_kind: None, tmp_path: Path) -> None:
    with bounded(5, 50):
        rows = _rows(_scan_bytes(tmp_path, b"x" * 100_000 + b" latest\n"))
    assert [r[:5] for r in rows] == [("DKR951", 1, 1, 1, 100_008)]
    # 50 MB: refused from its size alone, never read into memory
    big = tmp_path / "big"
    big.mkdir()
    with (big / "Dockerfile").open("wb") as fh:
        fh.truncate(50 * 2**20)
    s = Settings(jobs=1, root=big.resolve())
    with bounded(5, 20):
        report = Engine(s, fakes.registry()).run([big])
    assert _rows(report) == [
        ("DKR000", 1, 1, 1, 2, "file is 52428800 bytes, above the 5242880-byte limit; it was not parsed")
    ]


def test_decode_positions_count_code_points() -> None:
    with pytest.raises(DecodeError) as err:
        decode("ééé\nàà".encode() + b"\x80")
    assert (err.value.line, err.value.col) == (2, 3)
    text, enc = decode(b"\xef\xbb\xbfa")
    assert (text, enc) == ("a", "utf-8-sig")


def test_source_positions_after_crlf() -> None:
    src = SourceFile(Path("x"), "ab\r\ncd\r\n\r\nef")
    assert src.line_count == 4
    assert src.position(src.text.index("d")) == (2, 2)
    assert src.line_text(2) == "cd"
    sp = src.span(src.text.index("e"), src.text.index("f") + 1)
    assert (sp.start_line, sp.start_col, sp.end_line, sp.end_col) == (4, 1, 4, 3)
