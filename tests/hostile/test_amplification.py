"""Amplification (issue #18, item 7): a small input must not make a huge report. YAML alias
expansion is counted in scalar characters as well as nodes, and every message echoes at most
ECHO_LIMIT characters of one value (MESSAGE_LIMIT in all)."""

from __future__ import annotations

from pathlib import Path

from deploylint.findings import ECHO_LIMIT, MESSAGE_LIMIT, Finding, Location, Severity, bounded_message, echo
from deploylint.parsers._yaml import MAX_EXPANDED_CHARS, load_yaml
from deploylint.source import SourceFile, Span
from tests.hostile.conftest import measured

_REPORT = """
import io, tempfile
from pathlib import Path
from deploylint.engine import Engine
from deploylint.reporters import ReportOptions, get
from deploylint.settings import Settings
root = Path(tempfile.mkdtemp())
(root / "compose.yaml").write_text({text})
report = Engine(Settings(jobs=1, root=root, fail_on=None)).run([root])
out = {{}}
for fmt in ("json", "text", "sarif"):
    buf = io.StringIO()
    get(fmt)(report, buf, ReportOptions())
    out[fmt] = len(buf.getvalue())
rows = [[f.rule_id, f.location.span.start_line, f.location.span.start_col, f.message] for f in report.findings]
result = [rows[:3], len(rows), max(len(r[3]) for r in rows), out]
"""


def test_one_anchored_megabyte_used_by_1000_services() -> None:
    """About 1 GB of JSON, 3.9 GB of memory and 28 s before; now one CMP000 at the services."""
    text = (
        '"x-big: &big \\"nginx:" + "x" * 1_000_000 + "\\"\\nservices:\\n"'
        ' + "".join(f"  s{i}:\\n    image: *big\\n" for i in range(1000))'
    )
    result = measured(_REPORT.format(text=text), 10, 300)
    assert isinstance(result, list)
    rows, count, longest, sizes = result
    assert rows == [
        ["CMP000", 3, 3, "YAML expands to more than 20,000,000 characters through aliases (an alias bomb?)"]
    ]
    assert count == 1 and longest < 100
    assert all(size < 20_000 for size in sizes.values()), sizes


def test_long_values_without_aliases_are_echoed_cut() -> None:
    """A 4 MB file (under the 5 MB limit) of 1,000 services with 4,000-character images: every
    message stays short, so the report grows with the number of findings, not with the values."""
    text = '"services:\\n" + "".join(f"  s{i}:\\n    image: nginx:" + "y" * 4000 + f"{i}\\n" for i in range(1000))'
    result = measured(_REPORT.format(text=text), 30, 500)
    assert isinstance(result, list)
    _, count, longest, sizes = result
    assert count == 9000
    assert longest <= ECHO_LIMIT + 100
    assert all(size < count * 1_200 for size in sizes.values()), sizes  # echoed whole: over 4,000 each


def test_the_cut_keeps_start_and_end() -> None:
    value = "nginx:" + "x" * 10_000 + ":1.27"
    short = echo(value)
    assert len(short) == ECHO_LIMIT
    assert short.startswith("nginx:xxx") and short.endswith("xxx:1.27") and short.count("…") == 1
    assert echo("nginx:1.27") == "nginx:1.27"
    msg = bounded_message(f"image '{value}' is not pinned; pin a digest")
    # the run cut is the quoted value: its first 149 and last 50 characters, quotes included
    assert msg == f"image '{value[:148]}…{value[-49:]}' is not pinned; pin a digest"
    many = bounded_message("word " * 10_000)
    assert len(many) == MESSAGE_LIMIT and "…" in many
    # every Finding passes through it: message, related notes, fix titles
    where = Location("compose.yaml", Span(1, 1, 1, 2, 0, 1), note="x" * 5000)
    f = Finding("CMP001", "mutable-image", Severity.WARNING, "x" * 5000, where, related=(where,))
    assert len(f.message) == ECHO_LIMIT and f.related[0].note is not None and len(f.related[0].note) == ECHO_LIMIT


def test_yaml_layer_counts_characters() -> None:
    value = "x" * 100_000
    text = f"a: &a {value}\nb: [" + ", ".join(["*a"] * (MAX_EXPANDED_CHARS // 100_000 + 1)) + "]\n"
    doc = load_yaml(SourceFile(Path("compose.yaml"), text))
    assert doc.root is None
    assert [(e.span.start_line, e.span.start_col, e.message) for e in doc.errors] == [
        (2, 4, "YAML expands to more than 20,000,000 characters through aliases (an alias bomb?)")
    ]
    ok = load_yaml(SourceFile(Path("compose.yaml"), f"a: &a {value}\nb: [" + ", ".join(["*a"] * 100) + "]\n"))
    assert ok.errors == [] and ok.root is not None
