"""mypy sees rule bodies: the model, ``ctx.options`` and ``ctx.project`` are typed.

A small rule module is written to a temporary folder and checked with ``mypy --strict`` (about
4 s with a cold cache). Each mistake sits on a known line; mypy must report exactly those lines,
with the expected error code and words, and nothing on the correct rules.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("mypy")

_HEADER = """\
from collections.abc import Iterator
from dataclasses import dataclass

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.models.nginx import NginxConfig
from deploylint.models.project import Project
from deploylint.registry import Kind, rule
from deploylint.shell.model import Command


@dataclass(frozen=True)
class Options:
    limit: int = 1


"""

#: (rule body, the error code mypy must give on the marked line or None, words of its message)
_CASES: list[tuple[str, str | None, str]] = [
    # correct: options read through Context[Options], the model through its kind's type
    (
        """@rule(id="TST001", name="a", title="a", kind=Kind.DOCKERFILE, severity=Severity.WARNING, options=Options)
def uses_options(df: Dockerfile, ctx: Context[Options]) -> Iterator[Finding]:
    if len(df.stages) > ctx.options.limit:
        yield ctx.finding(df.stages[0], "many stages")
""",
        None,
        "",
    ),
    # correct: a rule without options, the project checked for None
    (
        """@rule(id="TST002", name="b", title="b", kind=Kind.NGINX, severity=Severity.WARNING)
def uses_project(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    if ctx.project is not None and ctx.project.nginx_in_stock_image(conf.source.path):
        yield ctx.finding(conf.root, "stock")
""",
        None,
        "",
    ),
    # correct: a project rule gets the Project; a CORE rule takes any model as object
    (
        """@rule(id="TST003", name="c", title="c", kind=Kind.PROJECT, severity=Severity.WARNING)
def project_rule(project: Project, ctx: Context) -> Iterator[Finding]:
    yield from ()


@rule(id="TST004", name="d", title="d", kind=Kind.CORE, severity=Severity.WARNING)
def core_rule(model: object, ctx: Context) -> Iterator[Finding]:
    yield from ()
""",
        None,
        "",
    ),
    # a misspelt option
    (
        """@rule(id="TST005", name="e", title="e", kind=Kind.DOCKERFILE, severity=Severity.WARNING, options=Options)
def typo_option(df: Dockerfile, ctx: Context[Options]) -> Iterator[Finding]:
    if len(df.stages) > ctx.options.limitt:  # error
        yield ctx.finding(df.stages[0], "many stages")
""",
        "attr-defined",
        '"Options" has no attribute "limitt"',
    ),
    # options declared, but the check takes a plain Context
    (
        """@rule(id="TST006", name="f", title="f", kind=Kind.DOCKERFILE, severity=Severity.WARNING, options=Options)  # error
def options_not_taken(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    yield from ()
""",
        "arg-type",
        "Context[Options]",
    ),
    # no options declared: ctx.options is None
    (
        """@rule(id="TST007", name="g", title="g", kind=Kind.DOCKERFILE, severity=Severity.WARNING)
def options_undeclared(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    if ctx.options.limit:  # error
        yield from ()
""",
        "attr-defined",
        '"None" has no attribute "limit"',
    ),
    # the check takes the model of another kind
    (
        """@rule(id="TST008", name="h", title="h", kind=Kind.NGINX, severity=Severity.WARNING)  # error
def wrong_model(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    yield from ()
""",
        "arg-type",
        "Callable[[NginxConfig, Context[None]]",
    ),
    # a misspelt model attribute
    (
        """@rule(id="TST009", name="i", title="i", kind=Kind.DOCKERFILE, severity=Severity.WARNING)
def typo_model(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    for stage in df.stagez:  # error
        yield ctx.finding(stage, "x")
""",
        "attr-defined",
        '"Dockerfile" has no attribute "stagez"',
    ),
    # the project may be None
    (
        """@rule(id="TST010", name="j", title="j", kind=Kind.NGINX, severity=Severity.WARNING)
def project_unchecked(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    if ctx.project.nginx_in_stock_image(conf.source.path):  # error
        yield from ()
""",
        "union-attr",
        'Item "None" of "Project | None" has no attribute "nginx_in_stock_image"',
    ),
    # a misspelt attribute of a shell command
    (
        """def typo_command(cmd: Command) -> bool:
    return cmd.subcomand is not None  # error
""",
        "attr-defined",
        '"Command" has no attribute "subcomand"',
    ),
]

_REPO = Path(__file__).resolve().parent.parent
_ERROR = re.compile(r"^[^:]+:(?P<line>\d+): error: (?P<msg>.*)  \[(?P<code>[a-z-]+)\]$")


def _mypy(tmp_path: Path, text: str) -> list[tuple[int, str, str]]:
    module = tmp_path / "typed_case.py"
    module.write_text(text, encoding="utf-8")
    flags = ["--strict", "--no-error-summary", "--show-error-codes", "--no-incremental"]
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", *flags, "--cache-dir", str(tmp_path / "cache"), str(module)],
        cwd=_REPO,  # mypy finds deploylint here even when it is not installed
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    errors = []
    for line in proc.stdout.splitlines():
        m = _ERROR.match(line)
        assert m is not None or "note:" in line, line
        if m is not None:
            errors.append((int(m["line"]), m["code"], m["msg"]))
    assert proc.returncode == (1 if errors else 0), proc.stderr  # mypy ran, and found what it printed
    return errors


def test_mypy_reports_each_mistake_in_a_rule_body(tmp_path: Path) -> None:
    text = _HEADER
    expected: list[tuple[int, str, str]] = []
    for body, code, words in _CASES:
        start = text.count("\n") + 1
        for i, line in enumerate(body.splitlines()):
            if line.endswith("# error"):
                assert code is not None
                expected.append((start + i, code, words))
        text += body + "\n\n"
    assert len(expected) == sum(1 for _, code, _ in _CASES if code is not None)
    got = _mypy(tmp_path, text)
    assert [(line, code) for line, code, _ in got] == [(line, code) for line, code, _ in expected], got
    for (_, _, msg), (_, _, words) in zip(got, expected, strict=True):
        assert words in msg, msg


def test_new_rule_skeletons_type_check(tmp_path: Path) -> None:
    """scripts/new_rule.py writes a check over its kind's model that mypy --strict accepts."""
    sys.path.insert(0, str(_REPO / "scripts"))
    try:
        import new_rule
    finally:
        sys.path.pop(0)
    text = ""
    for kind in sorted(new_rule.MODEL):  # the project kind: tests/test_new_rule.py
        files = new_rule.plan("TST999", f"demo-{kind}", kind)
        (module,) = [p for p in files if p.suffix == ".py"]
        body = files[module]
        assert f"import {new_rule.MODEL[kind][1]}\n" in body
        text += body.replace("from ", f"# {kind}\nfrom ", 1) + "\n\n"
    # one module: the imports repeat, which mypy allows; the functions have distinct names
    assert _mypy(tmp_path, text) == []


def test_mypy_reports_a_misspelt_command_attribute_from_the_model(tmp_path: Path) -> None:
    text = (
        _HEADER
        + """@rule(id="TST011", name="k", title="k", kind=Kind.DOCKERFILE, severity=Severity.WARNING)
def typo_run_command(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    for stage in df.stages:
        for run in stage.runs:
            for cmd in run.commands:
                if cmd.subcomand is not None:
                    yield ctx.finding(cmd, "x")
"""
    )
    got = _mypy(tmp_path, text)
    assert [(line, code) for line, code, _ in got] == [(text.count("\n") - 1, "attr-defined")], got
