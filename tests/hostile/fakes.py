"""Fake kind and rules for engine-level hostile tests (parsers that spin, rules that read the project).

Each line is a statement. ``spin`` makes the parser loop forever; ``slow`` makes the slow rule loop
forever; ``boom`` makes the crashing rule raise; every line is reported by the project-reading rule
together with what ``ctx.project`` was.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.kinds import Kind
from deploylint.models.base import Comment, Located, Parsed
from deploylint.parsers import ParseEnv
from deploylint.registry import Registry, rule
from deploylint.source import SourceFile


@dataclass(frozen=True, slots=True)
class Lines:
    lines: tuple[Located[str], ...]


def parse(src: SourceFile, env: ParseEnv) -> Parsed[Lines]:
    out: list[Located[str]] = []
    comments: list[Comment] = []
    for no in range(1, src.line_count + 1):
        text = src.line_text(no)
        start = src.line_start(no)
        code, hash_, rest = text.partition("#")
        if hash_:
            off = start + len(code)
            comments.append(Comment(src.span(off, start + len(text)), rest, trailing=bool(code.strip())))
        stripped = code.strip()
        if stripped == "spin":
            while True:
                pass
        if stripped:
            col = len(code) - len(code.lstrip())
            out.append(Located(stripped, src.span(start + col, start + col + len(stripped))))
    return Parsed(Lines(tuple(out)), [], comments)


@rule(id="DKR951", name="says-latest", title="Says latest", kind=Kind.DOCKERFILE, severity=Severity.WARNING)
def says_latest(model: Lines, ctx: Context) -> Iterator[Finding]:
    """## Why
    test
    """
    for line in model.lines:
        if "latest" in line.value:
            yield ctx.finding(line, f"{line.value!r} is mutable")


@rule(id="DKR952", name="spins", title="Spins on slow", kind=Kind.DOCKERFILE, severity=Severity.WARNING)
def spins(model: Lines, ctx: Context) -> Iterator[Finding]:
    """## Why
    test
    """
    if any(line.value == "slow" for line in model.lines):
        while True:
            pass
    return iter(())


@rule(id="DKR953", name="crashes", title="Crashes on boom", kind=Kind.DOCKERFILE, severity=Severity.ERROR)
def crashes(model: Lines, ctx: Context) -> Iterator[Finding]:
    """## Why
    test
    """
    if any(line.value == "boom" for line in model.lines):
        raise ZeroDivisionError("kaboom")
    return iter(())


@rule(
    id="DKR954",
    name="uses-project",
    title="Reads the project",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    needs_project=True,
)
def uses_project(model: Lines, ctx: Context) -> Iterator[Finding]:
    """## Why
    test
    """
    for line in model.lines[:1]:
        yield ctx.finding(line, "before the project is read")
    project = ctx.project
    for line in model.lines[:1]:
        yield ctx.finding(line, f"project is {type(project).__name__}")


def registry() -> Registry:
    from deploylint.rules.core import (
        core001_internal_error,
        core002_unused_suppression,
        core003_unknown_suppression,
        core004_skipped_path,
    )

    reg = Registry()
    reg.loaded_kinds = set(Kind)
    for r in (
        core001_internal_error.internal_error,
        core002_unused_suppression.unused_suppression,
        core003_unknown_suppression.unknown_suppression,
        core004_skipped_path.skipped_path,
        says_latest,
        spins,
        crashes,
        uses_project,
    ):
        reg.add(r)
    return reg
