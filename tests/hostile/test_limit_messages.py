"""Limits say which limit was reached (issue #18, item 11): a loop, a chain that is too long and too
many files each get their own message, at the place the walk stopped."""

from __future__ import annotations

import time
from pathlib import Path

from deploylint.engine import Engine
from deploylint.parsers.nginx import MAX_INCLUDE_DEPTH, MAX_INCLUDED_FILES
from deploylint.settings import Settings
from deploylint.testing import registry

Row = tuple[str, str, int, int, str]


def _scan(root: Path, files: dict[str, str], select: list[str]) -> list[Row]:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    start = time.monotonic()
    report = Engine(Settings(jobs=1, root=root.resolve(), fail_on=None, select=select), registry()).run([root])
    assert time.monotonic() - start < 30
    return [
        (
            Path(f.location.path).relative_to(root.resolve()).as_posix()
            if Path(f.location.path).is_absolute()
            else Path(f.location.path).name,
            f.rule_id,
            f.location.span.start_line,
            f.location.span.start_col,
            f.message,
        )
        for f in report.findings
    ]


def test_compose_extends_chain_longer_than_the_limit(tmp_path: Path) -> None:
    services = "".join(f"  s{i}:\n    image: x:1\n" + (f"    extends: s{i + 1}\n" if i < 11 else "") for i in range(12))
    rows = _scan(tmp_path, {"compose.yaml": "services:\n" + services}, ["CMP000"])
    assert rows == [
        (
            "compose.yaml",
            "CMP000",
            31,
            14,
            "extends of service 's9' is not followed: the chain of extends is longer than 8 links",
        ),
        (
            "compose.yaml",
            "CMP000",
            34,
            14,
            "extends of service 's10' is not followed: the chain of extends is longer than 8 links",
        ),
    ]


def test_compose_extends_loop(tmp_path: Path) -> None:
    text = "services:\n  a:\n    image: x:1\n    extends: b\n  b:\n    image: x:1\n    extends: a\n"
    rows = _scan(tmp_path, {"compose.yaml": text}, ["CMP000"])
    assert rows == [
        ("compose.yaml", "CMP000", 4, 14, "extends of service 'a' loops back to itself"),
        ("compose.yaml", "CMP000", 7, 14, "extends of service 'b' loops back to itself"),
    ]


def test_nginx_include_chain_deeper_than_the_limit(tmp_path: Path) -> None:
    n = MAX_INCLUDE_DEPTH + 5
    files = {"nginx.conf": "events {}\nhttp {\n  include c1.conf;\n}\n"}
    files |= {f"c{i}.conf": f"include c{i + 1}.conf;\n" for i in range(1, n)}
    files[f"c{n}.conf"] = "server_tokens off;\n"
    rows = _scan(tmp_path, files, ["NGX039", "NGX045"])
    assert rows == [
        (
            "c24.conf",
            "NGX045",
            1,
            1,
            'include "c25.conf" is more than 24 files deep in a chain of includes; not followed',
        )
    ]


def test_nginx_too_many_included_files(tmp_path: Path) -> None:
    files = {"nginx.conf": "events {}\nhttp {\n  include sites/*.conf;\n}\n"}
    files |= {f"sites/s{i:03}.conf": "server { listen 80; }\n" for i in range(MAX_INCLUDED_FILES + 10)}
    rows = _scan(tmp_path, files, ["NGX039", "NGX045"])
    assert rows == [
        (
            "nginx.conf",
            "NGX045",
            3,
            3,
            'include "sites/*.conf" would read more than 400 included files in all; not followed',
        )
    ]


def test_nginx_include_loop(tmp_path: Path) -> None:
    files = {"nginx.conf": "events {}\nhttp {\n  include a.conf;\n}\n", "a.conf": "include a.conf;\n"}
    rows = _scan(tmp_path, files, ["NGX039", "NGX045"])
    assert rows == [("a.conf", "NGX039", 1, 1, 'include "a.conf" includes a.conf again (include cycle)')]
