"""The check command looks for the resolved-refs cache (``pins.default_path``) only when
something reads it: a one-file check without the cache does not."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from deploylint import pins
from deploylint.cli import cli
from deploylint.settings import Overrides, Settings


def test_one_file_check_does_not_look_for_the_refs_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[Path] = []
    monkeypatch.setattr(pins, "default_path", lambda start: asked.append(start) or tmp_path / "refs.json")
    (tmp_path / "Dockerfile").write_text("FROM node\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--no-cache", str(tmp_path / "Dockerfile")])
    assert "DKR001" in result.output
    assert asked == []


def test_the_refs_cache_is_the_default_path_of_the_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(pins.REFS_ENV, raising=False)
    (tmp_path / ".git").mkdir()
    (tmp_path / "app").mkdir()
    settings = Settings()
    Overrides(refs_start=tmp_path / "app").apply(settings)
    assert pins.path_for(settings) == tmp_path / pins.DEFAULT_PATH
    Overrides(refs_file=tmp_path / "given.json").apply(settings)
    assert pins.path_for(settings) == tmp_path / "given.json"
