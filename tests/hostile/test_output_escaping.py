"""Issue 18, items 5 and 6: what a report echoes cannot attack its reader, and every output parses.

The repository is built on the fly: a Dockerfile whose name carries a newline and a GitHub workflow
command, a Compose image with a newline and an escape sequence, an nginx header name with a newline,
an escape sequence and a bidi override, a workflow ``uses:`` with CR LF and ``::add-mask::``, and two
files whose names hold the bytes ff fe (not UTF-8). Every format must keep each finding on its own
line, start no line with ``::`` except the GitHub format's own commands, carry no control character
from the input, be valid UTF-8, and parse.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deploylint.engine import Report
from deploylint.findings import Finding, Location, Severity
from deploylint.reporters import FORMATS, ReportOptions, get
from deploylint.settings import Settings
from deploylint.source import Span
from deploylint.testing import registry
from tests.reporters._schema import schema_errors

INJECTED_NAME = "Dockerfile.x\n::error file=README.md,line=1::pwned"
#: every control character the inputs below carry (LF is checked line by line instead)
INJECTED = "\r\x1b\u202e"
#: any control character (C0 but tab and LF, DEL, C1, line and paragraph separators, bidi controls)
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
#: a workflow command the GitHub format writes: one finding, every property escaped
OURS = re.compile(
    r"::(error|warning|notice) file=[^:,]*,line=\d+,col=\d+,endLine=\d+(,endColumn=\d+)?,title=[A-Z]+\d+ [a-z0-9-]+::.*"
)
#: what each finding's location shows as, whatever the format's escaping
NAME_SHOWN = {
    "text": "Dockerfile.x\\x0a::error file=README.md,line=1::pwned",
    "github": "Dockerfile.x\\x0a%3A%3Aerror file=README.md%2Cline=1%3A%3Apwned",
    "gitlab": "Dockerfile.x\\\\x0a::error file=README.md,line=1::pwned",
    "junit": "Dockerfile.x\\x0a::error file=README.md,line=1::pwned",
    "checkstyle": "Dockerfile.x\\x0a::error file=README.md,line=1::pwned",
    "sarif": "Dockerfile.x%0A%3A%3Aerror%20file%3DREADME.md%2Cline%3D1%3A%3Apwned",
    "json": "Dockerfile.x\\n::error file=README.md,line=1::pwned",
}
BYTES_SHOWN = {"sarif": "%FF%FE/Dockerfile", "github": "\\xff\\xfe/Dockerfile", "json": "\\\\xff\\\\xfe/Dockerfile"}


def _write(root: Path, name: bytes | str, text: str) -> None:
    path = os.path.join(os.fsencode(root), os.fsencode(name))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile-output")
    (root / ".git").mkdir()
    _write(root, INJECTED_NAME, "FROM ubuntu\nRUN apt-get install curl\n")
    _write(root, b"\xff\xfe/Dockerfile", "FROM ubuntu\n")
    _write(root, b"Dockerfile.\xff\xfe", "FROM ubuntu\n")
    _write(root, "compose.yaml", 'services:\n  web:\n    image: "nginx\\n\\e[31mred"\n')
    header = 'add_header "X-Evil\n::error::x\x1b[2J\u202e" "a\nb" always;'
    _write(
        root, "nginx/nginx.conf", f"events {{}}\nhttp {{\n  server {{\n    listen 443 ssl;\n    {header}\n  }}\n}}\n"
    )
    workflow = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: "evil/act@v1\\r\\n::add-mask::x"\n'
    _write(root, ".github/workflows/ci.yml", workflow)
    return root


def _run(root: Path, fmt: str, *extra: str) -> bytes:
    cmd = [sys.executable, "-m", "deploylint", "check", ".", INJECTED_NAME, "--format", fmt, "--min-severity", "info"]
    done = subprocess.run([*cmd, "--fail-on", "never", *extra], cwd=root, capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    assert b"Traceback" not in done.stderr
    return done.stdout


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_no_output_line_is_injected(repo: Path, fmt: str) -> None:
    out = _run(repo, fmt, "--color", "never").decode("utf-8")  # strict: valid UTF-8
    assert "pwned" in out  # the hostile file was reported
    assert not CONTROL.search(out), repr(CONTROL.search(out))
    assert not any(ch in out for ch in INJECTED)
    assert "\udcff" not in out and "\ufffd" not in out
    for line in out.splitlines():
        if line.lstrip().startswith("::"):
            assert fmt == "github" and OURS.fullmatch(line), line
        # the name's newline did not start a line of its own
        assert not line.lstrip().startswith(("::error file=README", "::add-mask", "::error::x", "[31m", "[2J"))
    if fmt in NAME_SHOWN:
        assert NAME_SHOWN[fmt] in out
    if fmt in BYTES_SHOWN:
        assert BYTES_SHOWN[fmt] in out
    if fmt in ("json", "gitlab", "sarif"):
        doc = json.loads(out)
        if fmt == "sarif":
            assert schema_errors(doc) == []
    if fmt in ("junit", "checkstyle"):
        ET.fromstring(out)
    if fmt == "html":
        data = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', out, re.S)
        assert data is not None
        paths = {f["path"] for f in json.loads(data.group(1))["findings"]}
        assert {"\\xff\\xfe/Dockerfile", "Dockerfile.\\xff\\xfe", NAME_SHOWN["text"]} <= paths


def test_non_utf8_names_decode_the_same_way_everywhere(repo: Path) -> None:
    """JSON keeps the value (a decoded string); the bytes ff fe read as the text ``\\xff\\xfe``."""
    doc = json.loads(_run(repo, "json"))
    paths = {f["path"] for f in doc["findings"]}
    assert {"\\xff\\xfe/Dockerfile", "Dockerfile.\\xff\\xfe", INJECTED_NAME} <= paths
    sarif = json.loads(_run(repo, "sarif"))
    uris = {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
        for loc in r["locations"]
    }
    assert {"%FF%FE/Dockerfile", "Dockerfile.%FF%FE"} <= uris
    gitlab = json.loads(_run(repo, "gitlab"))
    assert {"\\xff\\xfe/Dockerfile", "Dockerfile.\\xff\\xfe"} <= {i["location"]["path"] for i in gitlab}


def test_color_always_writes_only_our_escape_sequences(repo: Path) -> None:
    out = _run(repo, "text", "--color", "always").decode("utf-8")
    assert "\x1b[1m" in out
    rest = re.sub(r"\x1b\[(0|1|2|31|33|36)m", "", out)
    assert not CONTROL.search(rest), repr(CONTROL.search(rest))


# --- the escaping as a property: findings whose names, messages and notes carry anything -----
_HOSTILE_PIECES = [
    "::",
    "::error file=a,line=1::x",
    "::add-mask::s",
    "\r\n",
    "\n",
    "\r",
    "\x1b[31m",
    "\x1b]0;title\x07",
    "\x1b]8;;https://evil.example\x1b\\",
    "\x9b2J",
    "\u202e",
    "\u2066",
    "\u2028",
    "\u200f",
    "\x00",
    "\x7f",
    "%0A",
    ",",
    "<&>\"'",
    "]]>",
]
_HOSTILE = st.lists(
    st.one_of(st.sampled_from(_HOSTILE_PIECES), st.text(st.characters(max_codepoint=0x2070), max_size=4)),
    min_size=1,
    max_size=5,
).map("".join)


def _render_all(report: Report) -> dict[str, str]:
    out = {}
    for fmt in sorted(FORMATS):
        stream = io.StringIO()
        get(fmt)(report, stream, ReportOptions(code_frames=True, verbose=True))
        out[fmt] = stream.getvalue()
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=_HOSTILE.filter(lambda n: "\x00" not in n), message=_HOSTILE, note=_HOSTILE)
def test_no_format_echoes_input_unescaped(name: str, message: str, note: str) -> None:
    """Every format, any name (no file name holds NUL), message and note: no control character
    of the input reaches the output raw, and no line starts with ``::`` but a GitHub annotation."""
    reg = registry()
    rule = reg.get("DKR001")
    assert rule is not None
    span = Span(2, 3, 2, 9, 10, 16)
    finding = Finding(
        rule.id,
        rule.name,
        Severity.WARNING,
        f"image {message} is mutable",
        Location(f"{name}/Dockerfile", span),
        related=(Location(f"{name}.yml", span, note=note),),
    )
    report = Report([finding], [], reg, Settings(jobs=1, root=Path("/nonexistent")), Path("/nonexistent"))
    report.passed_over = [(f"{name}/", "excluded by config")]
    given_controls = {c for c in name + message + note if CONTROL.match(c) or c in "\r"}
    for fmt, text in _render_all(report).items():
        text.encode("utf-8")  # strict: no lone surrogate reaches the stream
        found = CONTROL.search(text)
        assert found is None, (fmt, found.group() if found else None)
        assert not given_controls & set(text), fmt
        for line in text.split("\n"):
            if fmt == "github" and line:
                # one annotation per finding; the attacker's parts cannot add a line or a property
                assert OURS.fullmatch(line), line
                props, _, data = line[2:].partition("::")
                assert props.count(",") == (5 if span.start_line == span.end_line else 4), props
                assert "\r" not in data
            else:
                assert not line.lstrip().startswith("::"), (fmt, line)
