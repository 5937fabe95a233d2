"""Texts overlaid on files (the fixer's rounds, an editor's unsaved buffers) are what the engine reads."""

from __future__ import annotations

from pathlib import Path

from deploylint.engine import Engine
from deploylint.settings import Settings


def _ids(report_findings: list[object]) -> list[tuple[str, int, int]]:
    return sorted((f.rule_id, f.location.span.start_line, f.location.span.start_col) for f in report_findings)  # type: ignore[attr-defined]


def test_the_overlay_text_is_linted_instead_of_the_file(tmp_path: Path) -> None:
    df = tmp_path / "Dockerfile"
    df.write_text("FROM node:20.11.1-slim\nUSER node\n")
    settings = Settings(select=["DKR001"], root=tmp_path)
    assert _ids(Engine(settings).run([df]).findings) == []
    overlaid = Engine(settings, overlay={df: "FROM node:latest\nUSER node\n"}).run([df])
    assert _ids(overlaid.findings) == [("DKR001", 1, 6)]
    assert df.read_text() == "FROM node:20.11.1-slim\nUSER node\n"


def test_files_read_through_the_parse_env_see_the_overlay(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text("services:\n  web:\n    build: .\n")
    df = tmp_path / "Dockerfile"
    df.write_text("FROM node:20.11.1-slim\nUSER node\nHEALTHCHECK CMD node healthcheck.js\n")
    settings = Settings(select=["CMP004"], root=tmp_path)
    # the compose service is healthy through its Dockerfile's HEALTHCHECK; take it away in the overlay
    assert _ids(Engine(settings).run([tmp_path / "compose.yaml"]).findings) == []
    overlay = {df: "FROM node:20.11.1-slim\nUSER node\n"}
    found = Engine(settings, overlay=overlay).run([tmp_path / "compose.yaml"]).findings
    assert [f.rule_id for f in found] == ["CMP004"]
