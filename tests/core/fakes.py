"""A tiny fake artifact kind for engine tests: each line is a statement, `#` starts a comment.

Lines reading ``bad`` are syntax errors; ``boom`` makes the crashing rule raise.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.kinds import Kind
from deploylint.models.base import Comment, Diagnostic, Located, Parsed
from deploylint.parsers import ParseEnv
from deploylint.registry import Registry, rule
from deploylint.source import SourceFile


@dataclass(frozen=True, slots=True)
class Lines:
    lines: tuple[Located[str], ...]


def parse(src: SourceFile, env: ParseEnv) -> Parsed[Lines]:
    out: list[Located[str]] = []
    errors: list[Diagnostic] = []
    comments: list[Comment] = []
    for no in range(1, src.line_count + 1):
        text = src.line_text(no)
        start = src.line_start(no)
        code, hash_, rest = text.partition("#")
        if hash_:
            off = start + len(code)
            comments.append(Comment(src.span(off, start + len(text)), rest, trailing=bool(code.strip())))
        stripped = code.strip()
        if not stripped:
            continue
        col = len(code) - len(code.lstrip())
        span = src.span(start + col, start + col + len(stripped))
        if stripped == "bad":
            errors.append(Diagnostic("bad statement", span))
        else:
            out.append(Located(stripped, span))
    return Parsed(Lines(tuple(out)), errors, comments)


@rule(
    id="DKR901",
    name="no-latest",
    title="Statement says latest",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    aliases=("DL3007",),
    tags=("pinning",),
)
def no_latest(model: Lines, ctx: Context) -> Iterator[Finding]:
    """## Why
    test
    ## Example
        latest
    ## Use instead
        pinned
    """
    for line in model.lines:
        if "latest" in line.value:
            yield ctx.finding(line, f"{line.value!r} is mutable")


@rule(
    id="DKR902",
    name="harden-me",
    title="Statement could be harder",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    tags=("hardening",),
)
def harden(model: Lines, ctx: Context) -> Iterator[Finding]:
    """## Why
    test
    ## Example
        soft
    ## Use instead
        hard
    """
    for line in model.lines:
        if line.value == "soft":
            yield ctx.finding(line, "soft statement")


@rule(id="DKR903", name="crashes", title="Crashes on boom", kind=Kind.DOCKERFILE, severity=Severity.ERROR)
def crashes(model: Lines, ctx: Context) -> Iterator[Finding]:
    """## Why
    test
    ## Example
        boom
    ## Use instead
        calm
    """
    for line in model.lines:
        if line.value == "boom":
            raise ZeroDivisionError("kaboom")
    return iter(())


@dataclass(frozen=True)
class LimitOptions:
    limit: int = 3
    names: tuple[str, ...] = ()


@rule(
    id="DKR904",
    name="too-many",
    title="Too many lines",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    options=LimitOptions,
)
def too_many(model: Lines, ctx: Context) -> Iterator[Finding]:
    """## Why
    test
    ## Example
        a
    ## Use instead
        b
    """
    opts: LimitOptions = ctx.options
    if len(model.lines) > opts.limit:
        yield ctx.finding(model.lines[opts.limit], f"more than {opts.limit} lines")


def fake_registry() -> Registry:
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
        no_latest,
        harden,
        crashes,
        too_many,
    ):
        reg.add(r)
    return reg
