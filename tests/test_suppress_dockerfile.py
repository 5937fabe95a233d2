"""Suppressions in Dockerfiles: our pragma above multi-line instructions, hadolint's pragmas through
aliases, BuildKit's check directive, and --no-ignores."""

from __future__ import annotations

from deploylint.kinds import Kind
from deploylint.settings import Settings
from deploylint.testing import lint_text

MULTILINE = """FROM alpine:3.20
# deploylint: ignore[DKR008] test fixture, not a real password
ENV A=1 \\
    DB_PASSWORD=hunter2hunter
ENV API_TOKEN=abcdef123456
"""


def test_ignore_above_multiline_instruction_covers_its_last_line() -> None:
    assert lint_text(MULTILINE, Kind.DOCKERFILE, select=["DKR008", "CORE002"]) == [("DKR008", 5, 5)]


def test_no_ignores_brings_findings_back() -> None:
    s = Settings(no_ignores=True)
    got = lint_text(MULTILINE, Kind.DOCKERFILE, select=["DKR008", "CORE002"], settings=s)
    assert got == [("DKR008", 4, 5), ("DKR008", 5, 5)]


def test_hadolint_pragma_through_alias() -> None:
    text = "# hadolint ignore=DL3006\nFROM node AS a\nFROM python\n"
    assert lint_text(text, Kind.DOCKERFILE, select=["DKR001"]) == [("DKR001", 3, 6)]


def test_hadolint_global_ignore() -> None:
    text = "FROM node AS a\n# hadolint global ignore=DL3007,DL3006\nFROM python:latest\n"
    assert lint_text(text, Kind.DOCKERFILE, select=["DKR001", "CORE002"]) == []


def test_hadolint_global_ignore_anywhere_covers_the_whole_file() -> None:
    text = "FROM node\nFROM python:latest\n# hadolint global ignore = DL3007 , DL3006\n"
    assert lint_text(text, Kind.DOCKERFILE, select=["DKR001"]) == []


def test_hadolint_stage_ignore_covers_its_stage_only() -> None:
    body = "EXPOSE 80000\n"
    # above a FROM: that stage; the next stage is checked again
    text = "# hadolint stage ignore=DL3011\nFROM ubuntu:24.04\n" + body + "FROM ubuntu:24.04\n" + body
    assert lint_text(text, Kind.DOCKERFILE, select=["DKR019"]) == [("DKR019", 5, 8)]
    # inside the second stage: the first stage is still checked
    text = "FROM ubuntu:24.04\n" + body + "FROM ubuntu:24.04\n# hadolint stage ignore=DL3011\n" + body + body
    assert lint_text(text, Kind.DOCKERFILE, select=["DKR019"]) == [("DKR019", 2, 8)]


def test_buildkit_check_skip_directive() -> None:
    text = "# check=skip=JSONArgsRecommended\nFROM node:20-slim\nCMD node server.js\n"
    assert lint_text(text, Kind.DOCKERFILE, select=["DKR013"]) == []
    # the same text is an ordinary comment once an instruction came first
    late = "FROM node:20-slim\n# check=skip=JSONArgsRecommended\nCMD node server.js\n"
    assert lint_text(late, Kind.DOCKERFILE, select=["DKR013"]) == [("DKR013", 3, 1)]


def test_unused_and_unknown_suppressions_are_reported() -> None:
    text = "# deploylint: ignore[DKR001, DKR999]\nFROM node:20-slim\n"
    got = lint_text(text, Kind.DOCKERFILE, select=["DKR001", "CORE002", "CORE003"])
    assert got == [("CORE002", 1, 22), ("CORE003", 1, 30)]
