"""The Mermaid map is checked by Mermaid itself: mermaid-cli (from the npm registry, pointed at
Debian's Chromium; .ci/run installs both into .venv/) renders the maps of the fixture projects and of
a project with hostile names, and the drawing has one node per map node."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from deploylint.engine import lint_paths
from deploylint.graph import build_graph, to_mermaid
from deploylint.settings import Settings
from tests._isolate import isolated

REPO = Path(__file__).resolve().parent.parent
MMDC = os.environ.get("DEPLOYLINT_MMDC") or str(REPO / ".venv" / "node" / "node_modules" / ".bin" / "mmdc")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(MMDC).is_file(), reason="mermaid-cli is not installed (.ci/run puts it in .venv/node)"),
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs Debian's chromium)"),
]


def render(mermaid: str, tmp: Path) -> str:
    src, out, conf = tmp / "map.mmd", tmp / "map.svg", tmp / "puppeteer.json"
    src.write_text(mermaid, encoding="utf-8")
    conf.write_text(json.dumps({"executablePath": CHROMIUM, "args": ["--no-sandbox", "--disable-gpu"]}))
    res = subprocess.run(
        isolated([MMDC, "-p", str(conf), "-i", str(src), "-o", str(out), "-q"]),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert res.returncode == 0, res.stderr
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["shop", "good"])
def test_mermaid_renders_the_fixture_maps(name: str, tmp_path: Path) -> None:
    root = REPO / "fixtures" / "projects" / name
    graph = build_graph(lint_paths([root], Settings(root=root.resolve())))
    svg = render(to_mermaid(graph), tmp_path)
    assert len(re.findall(r'<g class="node[ "]', svg)) == len(graph.nodes)


def test_mermaid_renders_hostile_names_as_text(tmp_path: Path) -> None:
    (tmp_path / "p" / ".git").mkdir(parents=True)
    (tmp_path / "p" / "compose.yaml").write_text(
        "services:\n  'x\"]-->y<script>alert(1)</script>|z':\n    image: 'acme/a\"b:1.0'\n"
    )
    graph = build_graph(lint_paths([tmp_path / "p"], Settings(root=(tmp_path / "p").resolve())))
    svg = render(to_mermaid(graph), tmp_path)
    assert len(re.findall(r'<g class="node[ "]', svg)) == len(graph.nodes)
    assert "<script>" not in svg
