"""GitLab Code Quality, JUnit and checkstyle output: exact content."""

from __future__ import annotations

import io
import json
from typing import Any
from xml.etree import ElementTree as ET

from deploylint.kinds import Kind
from deploylint.reporters import ReportOptions, get
from tests.reporters.conftest import Builder


def text(b: Builder, fmt: str) -> str:
    out = io.StringIO()
    get(fmt)(b.report(), out, ReportOptions())
    return out.getvalue()


# the fields GitLab documents for a Code Quality issue
GITLAB_REQUIRED = {"description", "check_name", "fingerprint", "severity", "location"}
GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def test_gitlab_code_quality(sample: Builder) -> None:
    issues: list[dict[str, Any]] = json.loads(text(sample, "gitlab"))
    for issue in issues:
        assert set(issue) >= GITLAB_REQUIRED
        assert issue["severity"] in GITLAB_SEVERITIES
        assert isinstance(issue["location"]["path"], str) and not issue["location"]["path"].startswith("/")
        assert isinstance(issue["location"]["lines"]["begin"], int)
        assert len(issue["fingerprint"]) == 32 and int(issue["fingerprint"], 16) >= 0
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    assert [{k: v for k, v in i.items() if k != "fingerprint"} for i in issues] == [
        {
            "type": "issue",
            "description": "TST001: Base image python uses the latest tag. Pin a version.",
            "check_name": "TST001 latest-tag",
            "severity": "minor",
            "categories": ["Security"],
            "location": {"path": "Dockerfile", "lines": {"begin": 2, "end": 2}},
        },
        {
            "type": "issue",
            "description": "TST002: Host port 80 is also published by service web [web].",
            "check_name": "TST002 port-clash",
            "severity": "major",
            "categories": ["Bug Risk"],
            "location": {"path": "deploy/compose.yaml", "lines": {"begin": 5, "end": 5}},
        },
        {
            "type": "issue",
            "description": "TST003: Prefer the long form.",
            "check_name": "TST003 style-advice",
            "severity": "info",
            "categories": ["Bug Risk"],
            "location": {"path": "nginx/nginx.conf", "lines": {"begin": 2, "end": 2}},
        },
    ]


def test_gitlab_fingerprints_are_stable_and_unique(builder: Builder) -> None:
    builder.file("Dockerfile", "FROM a:latest AS a\n", Kind.DOCKERFILE)
    builder.add("TST001", "Dockerfile", (1, 6, 1, 14), "one.")
    builder.add("TST001", "Dockerfile", (1, 6, 1, 14), "same line, same rule.")
    first = [i["fingerprint"] for i in json.loads(text(builder, "gitlab"))]
    assert len(set(first)) == 2
    assert first == [i["fingerprint"] for i in json.loads(text(builder, "gitlab"))]
    # the fingerprint does not depend on the line number
    moved = Builder(builder.root.parent / "moved")
    moved.file("Dockerfile", "# new comment\n\nFROM a:latest AS a\n", Kind.DOCKERFILE)
    moved.add("TST001", "Dockerfile", (3, 6, 3, 14), "one.")
    assert json.loads(text(moved, "gitlab"))[0]["fingerprint"] == first[0]


def test_gitlab_empty_report_is_an_empty_array(builder: Builder) -> None:
    assert text(builder, "gitlab") == "[]\n"


def test_checkstyle(sample: Builder) -> None:
    out = text(sample, "checkstyle")
    root = ET.fromstring(out)
    assert root.tag == "checkstyle" and root.get("version") == "4.3"
    d = sample.sources["Dockerfile"].display
    c = sample.sources["deploy/compose.yaml"].display
    n = sample.sources["nginx/nginx.conf"].display
    assert [(f.get("name"), [dict(e.attrib) for e in f]) for f in root] == [
        (
            d,
            [
                {
                    "line": "2",
                    "column": "6",
                    "severity": "warning",
                    "message": "Base image python uses the latest tag. Pin a version. (latest-tag)",
                    "source": "deploylint.TST001",
                }
            ],
        ),
        (
            c,
            [
                {
                    "line": "5",
                    "column": "14",
                    "severity": "error",
                    "message": "Host port 80 is also published by service web [web]. (port-clash)",
                    "source": "deploylint.TST002",
                }
            ],
        ),
        (
            n,
            [
                {
                    "line": "2",
                    "column": "3",
                    "severity": "info",
                    "message": "Prefer the long form. (style-advice)",
                    "source": "deploylint.TST003",
                }
            ],
        ),
    ]
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<checkstyle version="4.3">\n  <file name=')


def test_junit(sample: Builder) -> None:
    sample.file("other/Dockerfile", "FROM python:3.12\n", Kind.DOCKERFILE)
    root = ET.fromstring(text(sample, "junit"))
    assert root.tag == "testsuites"
    assert dict(root.attrib) == {"name": "deploylint", "tests": "4", "failures": "3", "errors": "0"}
    suites = {s.get("name"): s for s in root}
    d = sample.sources["Dockerfile"].display
    clean = suites[sample.sources["other/Dockerfile"].display]
    assert clean.get("failures") == "0" and [c.get("name") for c in clean] == ["deploylint"]
    assert list(clean[0]) == []
    case = suites[d][0]
    assert case.get("name") == f"TST001 latest-tag at {d}:2:6"
    assert case.get("classname") == d
    failure = case[0]
    assert failure.tag == "failure"
    assert failure.get("message") == "Base image python uses the latest tag. Pin a version."
    assert failure.get("type") == "TST001 warning"
    assert (
        failure.text == f"{d}:2:6: TST001 [warning] Base image python uses the latest tag. Pin a version. (latest-tag)"
    )


def test_xml_escapes_markup_and_control_characters(builder: Builder) -> None:
    builder.file("Dockerfile", "FROM x\n", Kind.DOCKERFILE)
    builder.add("TST001", "Dockerfile", (1, 1, 1, 2), 'tag "<latest>" & \x1b[31mred\x00')
    for fmt in ("junit", "checkstyle"):
        out = text(builder, fmt)
        root = ET.fromstring(out)  # well formed
        messages = [e.get("message") for e in root.iter() if e.get("message")]
        assert messages and messages[0].startswith('tag "<latest>" & \\x1b[31mred\\x00')


def test_text_escapes_frames_related_notes_and_labels(builder: Builder) -> None:
    """Issue 18 item 5: the code frame, related notes and labels are escaped like the finding line,
    and the carets still point at the span in the escaped line."""
    import re

    from deploylint.reporters.text import render as render_text

    src = builder.file("Dockerfile", "FROM \x1b]0;title\x07x\u202e:latest\n", Kind.DOCKERFILE)
    note = builder.loc("Dockerfile", 1, 1, 1, 2, note="set\r\n::add-mask::x here")
    builder.add("TST001", "Dockerfile", (1, 18, 1, 25), "tag\x85 ':latest'", related=(note,))
    report = builder.report()
    report.artifacts[0].labels = {"profile": "production", "profile-reason": "named\n::warning::prod"}
    out = io.StringIO()
    render_text(report, out, ReportOptions(code_frames=True, verbose=True))
    text_out = out.getvalue()
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text_out)
    assert not any(line.startswith("::") for line in text_out.splitlines())
    lines = text_out.splitlines()
    assert lines[0] == f"{src.display}:1:18: TST001 [warning] tag\\x85 ':latest' (latest-tag)"
    assert lines[1] == f"    see also {src.display}:1:1: set\\x0d\\x0a::add-mask::x here"
    frame, carets = lines[2], lines[3]
    assert frame == "  1 | FROM \\x1b]0;title\\x07x\\u202e:latest"
    assert carets.index("^") == frame.index(":latest") and carets.count("^") == len(":latest")
    assert f"{src.display}: profile production: named\\x0a::warning::prod;" in text_out


def test_github_escapes_properties_and_data() -> None:
    from deploylint.reporters._escape import github_data, github_property

    assert github_data("50%\r\n::x\x1b") == "50%25\\x0d\\x0a::x\\x1b"
    assert github_property("a:b,c%\n") == "a%3Ab%2Cc%25\\x0a"
