"""deploylint server in a real editor: headless Neovim (0.7+, its built-in LSP client) opens a
Dockerfile and the diagnostics it shows are read back."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls", reason="the language server needs the 'server' extra (pygls)")

SCRIPT = Path(__file__).parent / "data" / "diagnostics.lua"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("nvim") is None, reason="Neovim is not installed (.ci/run installs Debian's neovim)")
def test_neovim_shows_the_diagnostics_at_their_exact_range(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".deploylint.toml").write_text('select = ["DKR001"]\n')
    (tmp_path / "Dockerfile").write_text("FROM node:latest\n")
    out = tmp_path / "diagnostics.txt"
    env = {**os.environ, "DL_OUT": str(out), "DL_PYTHON": sys.executable}
    subprocess.run(
        ["nvim", "--headless", "--clean", "-u", "NONE", "-c", f"luafile {SCRIPT}"],
        cwd=tmp_path,
        env=env,
        timeout=90,
        check=True,
        capture_output=True,
    )
    assert out.read_text().splitlines() == ["DKR001 0 5 0 16 base image node:latest uses the mutable :latest tag"]
