"""Test-only helpers: simulate how the Dockerfile and workflow parsers hand shell text over."""

from __future__ import annotations

from pathlib import Path

from deploylint.source import SourceFile, Span


def join_continuations(doc: str, start: int, end: int) -> tuple[str, list[int]]:
    """Text of doc[start:end] with backslash-newline removed, and its positions map."""
    text: list[str] = []
    pos: list[int] = []
    i = start
    while i < end:
        if doc[i] == "\\" and i + 1 < end and doc[i + 1] == "\n":
            i += 2
            continue
        text.append(doc[i])
        pos.append(i)
        i += 1
    pos.append(end)
    return "".join(text), pos


def dedent_block(doc: str, start: int, end: int, indent: int) -> tuple[str, list[int]]:
    """A YAML literal block scalar body: drop ``indent`` leading spaces of each line."""
    text: list[str] = []
    pos: list[int] = []
    i = start
    at_line_start = True
    while i < end:
        if at_line_start:
            k = 0
            while k < indent and i < end and doc[i] == " ":
                i += 1
                k += 1
            at_line_start = False
            continue
        text.append(doc[i])
        pos.append(i)
        if doc[i] == "\n":
            at_line_start = True
        i += 1
    pos.append(end)
    return "".join(text), pos


def src_of(text: str, name: str = "Dockerfile") -> SourceFile:
    return SourceFile(Path(name), text)


def lc(span: Span) -> tuple[int, int, int, int]:
    return (span.start_line, span.start_col, span.end_line, span.end_col)
