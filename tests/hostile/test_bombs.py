"""Per-kind hostile inputs end to end: exact findings, bounded time and memory, and the scan goes on."""

from __future__ import annotations

from pathlib import Path

import pytest

from deploylint.engine import Engine
from deploylint.kinds import Kind, parse_rule
from deploylint.settings import Settings
from deploylint.testing import CANONICAL_NAME, registry
from tests.hostile.conftest import bounded, measured
from tests.hostile.test_yaml_layer import billion_laughs

Row = tuple[str, int, int, str]


def scan(tmp_path: Path, kind: Kind, text: str, files: dict[str, str] | None = None, **kw: object) -> list[Row]:
    target = tmp_path / CANONICAL_NAME[kind]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    for rel, body in (files or {}).items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(body, encoding="utf-8")
    s = Settings(jobs=1, root=tmp_path.resolve(), fail_on=None, **kw)  # type: ignore[arg-type]
    report = Engine(s, registry()).run([tmp_path])
    return [
        (f.rule_id, f.location.span.start_line, f.location.span.start_col, f.message.replace(str(tmp_path), "<root>"))
        for f in report.findings
    ]


_SCAN = """
import json
from pathlib import Path
from deploylint.engine import Engine
from deploylint.kinds import Kind
from deploylint.settings import Settings
from deploylint.testing import CANONICAL_NAME, registry
root = Path({root!r})
# the per-file budget is lifted: the caller bounds the whole scan's wall time and memory itself,
# and a loaded CI machine must not turn a slow-but-bounded scan into a budget finding
report = Engine(Settings(jobs=1, root=root, fail_on=None, file_timeout=0), registry()).run([root])
result = [[f.rule_id, f.location.span.start_line, f.location.span.start_col, f.message.replace(str(root), "<root>")]
          for f in report.findings]
"""


def scan_measured(tmp_path: Path, kind: Kind, text: str, seconds: float, megabytes: float) -> list[Row]:
    """Like scan, in a fresh interpreter: wall time and peak RSS are asserted without tracemalloc."""
    target = tmp_path / CANONICAL_NAME[kind]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    rows = measured(_SCAN.format(root=str(tmp_path.resolve())), seconds, megabytes)
    assert isinstance(rows, list)
    return [tuple(r) for r in rows]  # type: ignore[misc]


def only(rows: list[Row], *ids: str) -> list[Row]:
    return [r for r in rows if r[0] in ids]


def no_crash(rows: list[Row]) -> None:
    assert only(rows, "CORE001") == []


# --- confinement through the kinds' own references --------------------------------------------
def test_nginx_includes_outside_the_root_are_refused(tmp_path: Path) -> None:
    text = "http { include /etc/passwd; include ../../../../../etc/passwd; include /etc/*; include /**; }\n"
    with bounded(5, 50):
        rows = scan(tmp_path, Kind.NGINX, text)
    no_crash(rows)
    assert only(rows, "NGX038") == [
        ("NGX038", 1, 8, 'include "/etc/passwd" points outside the scanned root; not read'),
        ("NGX038", 1, 29, 'include "../../../../../etc/passwd" points outside the scanned root; not read'),
        ("NGX038", 1, 64, 'include "/etc/*" points outside the scanned root; not read'),
        ("NGX038", 1, 80, 'include "/**" points outside the scanned root; not read'),
    ]


def test_nginx_include_cycle(tmp_path: Path) -> None:
    rows = scan(
        tmp_path,
        Kind.NGINX,
        "http { include nginx.conf; include conf.d/*.conf; }\n",
        {"conf.d/a.conf": "include conf.d/a.conf;\n"},
    )
    no_crash(rows)
    assert ("NGX039", 1, 8, 'include "nginx.conf" includes nginx.conf again (include cycle)') in rows


def test_compose_references_outside_the_root_are_refused(tmp_path: Path) -> None:
    text = (
        "include: [/etc/passwd, ../../../../etc/passwd]\nservices:\n  a:\n    image: x\n"
        "    env_file: [/etc/passwd]\n    extends: {file: /etc/passwd, service: b}\n"
    )
    rows = scan(tmp_path, Kind.COMPOSE, text)
    no_crash(rows)
    cmp000 = only(rows, "CMP000")
    assert [r[:3] for r in cmp000] == [("CMP000", 1, 11), ("CMP000", 1, 24), ("CMP000", 5, 16), ("CMP000", 6, 21)] or [
        r[:3] for r in cmp000
    ] == [("CMP000", 1, 11), ("CMP000", 1, 24), ("CMP000", 6, 21)]
    assert all("outside the scanned root" in r[3] for r in cmp000)
    assert "root:x:0:0" not in repr(rows)


# --- resource bombs ---------------------------------------------------------------------------
def test_compose_billion_laughs(tmp_path: Path) -> None:
    rows = scan_measured(tmp_path, Kind.COMPOSE, billion_laughs(), 10, 200)
    assert rows == [("CMP000", 7, 5, "YAML expands to more than 1,000,000 nodes through aliases (an alias bomb?)")]


def test_workflow_billion_laughs(tmp_path: Path) -> None:
    rows = scan_measured(tmp_path, Kind.WORKFLOW, billion_laughs(), 10, 200)
    assert only(rows, "GHA000", "CORE001") == [
        ("GHA000", 7, 5, "YAML expands to more than 1,000,000 nodes through aliases (an alias bomb?)")
    ]


def test_nginx_10000_nested_blocks(tmp_path: Path) -> None:
    rows = scan_measured(tmp_path, Kind.NGINX, "location / {\n" * 10_000 + "}\n" * 10_000, 10, 200)
    no_crash(rows)
    assert only(rows, "NGX000") == [("NGX000", 65, 12, "blocks nest more than 64 levels deep; the rest is not read")]


@pytest.mark.parametrize("kind", [Kind.COMPOSE, Kind.WORKFLOW, Kind.ACTION, Kind.DEPENDABOT])
def test_yaml_kinds_10000_levels(tmp_path: Path, kind: Kind) -> None:
    rid = parse_rule(kind)
    flow = scan_measured(tmp_path, kind, "a: " + "[" * 10_000 + "]" * 10_000 + "\n", 10, 200)
    assert only(flow, rid, "CORE001") == [
        (rid, 1, 1003, "YAML syntax error: while increasing flow level exceeded maximum nesting depth")
    ]
    block = scan_measured(tmp_path, kind, "- " * 10_000 + "x\n", 10, 200)
    no_crash(block)
    assert [r[0] for r in only(block, rid)] == [rid]


def test_dockerfile_arg_doubling_bomb(tmp_path: Path) -> None:
    text = (
        "ARG A0=xxxxxxxxxx\n"
        + "".join(f"ARG A{i}=${{A{i - 1}}}${{A{i - 1}}}\n" for i in range(1, 40))
        + "FROM python:${A39}\n"
    )
    rows = scan_measured(tmp_path, Kind.DOCKERFILE, text, 10, 200)
    no_crash(rows)
    assert only(rows, "DKR000") == []


def test_dockerfile_shell_nesting_and_long_lines(tmp_path: Path) -> None:
    text = (
        "FROM python:3.12\nRUN "
        + "$(" * 5000
        + "x"
        + ")" * 5000
        + "\nRUN "
        + "(" * 5000
        + "x"
        + ")" * 5000
        + "\nRUN "
        + "a && " * 20_000
        + "b\nRUN echo "
        + "\"'" * 20_000
        + "\n"
    )
    rows = scan_measured(tmp_path, Kind.DOCKERFILE, text, 20, 400)
    no_crash(rows)


def test_workflow_expression_bombs(tmp_path: Path) -> None:
    head = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo "
    chain = "${{ " + " && ".join(["contains(github.event.issue.title, 'x')"] * 5000) + " }}"
    deep = "${{ " + "(" * 5000 + "github.sha" + ")" * 5000 + " }}"
    many = "${{ github.sha }}" * 30_000
    rows = scan_measured(
        tmp_path, Kind.WORKFLOW, f"{head}{chain}\n      - run: echo {deep}\n      - run: echo {many}\n", 30, 600
    )
    no_crash(rows)
    assert ("GHA032", 6, 22, "invalid expression: expression is too long (more than 500 tokens)") in rows


def test_nginx_regex_heavy_locations(tmp_path: Path) -> None:
    text = "http { server { " + "".join(f"location ~ ^(a+)+{i}$ {{ return 200; }}\n" for i in range(2000)) + "} }\n"
    rows = scan_measured(tmp_path, Kind.NGINX, text, 20, 400)
    no_crash(rows)


@pytest.mark.parametrize(
    "kind", [Kind.DOCKERFILE, Kind.COMPOSE, Kind.NGINX, Kind.WORKFLOW, Kind.ACTION, Kind.DEPENDABOT]
)
def test_50mb_file_is_not_read(tmp_path: Path, kind: Kind) -> None:
    target = tmp_path / CANONICAL_NAME[kind]
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as fh:
        fh.truncate(50 * 2**20)
    with bounded(5, 20):
        report = Engine(Settings(jobs=1, root=tmp_path.resolve()), registry()).run([tmp_path])
    assert [(f.rule_id, f.location.span.start_line, f.message) for f in report.findings] == [
        (parse_rule(kind), 1, "file is 52428800 bytes, above the 5242880-byte limit; it was not parsed")
    ]


_HUGE = """
from pathlib import Path
import tempfile
from deploylint.engine import Engine
from deploylint.settings import Settings
root = Path(tempfile.mkdtemp())
big = root / {name!r}
big.parent.mkdir(parents=True, exist_ok=True)
big.write_text({text})
small = root / "small" / {name!r}
small.parent.mkdir(parents=True)
small.write_text({small!r})
report = Engine(Settings(jobs=1, root=root, file_timeout=1.0)).run([big, small])
result = [[f.rule_id, "small" in f.location.path, f.message[:40]]
          for f in report.findings if f.rule_id.endswith("000") or f.rule_id == "CORE001"]
result.append(sum(1 for a in report.artifacts if "small" in a.display))
"""


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "text", "small", "prefix"),
    [
        ("Dockerfile", '"FROM python:3.12\\n" + "RUN echo hi\\n" * 100_000', "FROM python:3.12\n", "DKR"),
        (
            "compose.yaml",
            '"services:\\n" + "".join(f"  s{i}:\\n    image: x:1\\n" for i in range(100_000))',
            "services:\n  a:\n    image: x:1\n",
            "CMP",
        ),
        ("nginx.conf", '"http {\\n" + "  add_header X-A b;\\n" * 100_000 + "}\\n"', "events {}\n", "NGX"),
        (
            ".github/workflows/ci.yml",
            '"on: push\\njobs:\\n  a:\\n    runs-on: x\\n    steps:\\n" + "      - run: echo hi\\n" * 100_000',
            "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo hi\n",
            "GHA",
        ),
    ],
)
def test_100k_statements_within_the_budget(name: str, text: str, small: str, prefix: str) -> None:
    """With a 1 s budget the huge file either finishes or gets one clear <KIND>000; the scan goes on."""
    result = measured(_HUGE.format(name=name, text=text, small=small), 45, 1500)
    assert isinstance(result, list)
    *budget, files = result
    assert files == 1  # the small file was scanned normally
    assert all(r[0] == f"{prefix}000" and not r[1] for r in budget), budget
    assert all(
        r[2].startswith(("parsing took longer than the 1 s", "checking took longer than the 1 s")) for r in budget
    )
