"""The deployment map (deploylint.graph and `deploylint map`): exact nodes and edges on the fixture
projects, a fixed order, and names from hostile files escaped in every format."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from deploylint.engine import lint_paths
from deploylint.graph import build_graph, to_data, to_dot, to_mermaid
from deploylint.settings import Settings

REPO = Path(__file__).resolve().parent.parent
PROJECTS = REPO / "fixtures" / "projects"


def _graph(name: str) -> dict[str, object]:
    root = PROJECTS / name
    return to_data(build_graph(lint_paths([root], Settings(root=root.resolve(), select=["CORE"]))))


def _edges(data: dict[str, object]) -> list[tuple[str, str, str, bool]]:
    label = {n["id"]: f"{n['kind']}:{n['label']}" for n in data["nodes"]}  # type: ignore[attr-defined,index]
    return [(label[e["from"]], label[e["to"]], e["label"], e["resolved"]) for e in data["edges"]]  # type: ignore[attr-defined,index]


def test_the_shop_project_map() -> None:
    data = _graph("shop")
    assert [(n["kind"], n["label"]) for n in data["nodes"]] == [  # type: ignore[attr-defined,index]
        ("workflow", ".github/workflows/release.yml"),
        ("job", "image"),
        ("image", "ghcr.io/acme/api"),
        ("image", "ghcr.io/acme/web"),
        ("image", "nginx"),
        ("image", "postgres"),
        ("dockerfile", "api/Dockerfile"),
        ("dockerfile", "web/Dockerfile"),
        ("compose", "compose.yaml"),
        ("service", "api"),
        ("service", "db"),
        ("service", "proxy"),
        ("service", "worker"),
        ("nginx", "deploy/nginx/default.conf"),
        ("unresolved", "?"),
        ("unresolved", "?"),
        ("unresolved", "?"),
    ]
    assert sorted(_edges(data)) == sorted(
        [
            ("compose:compose.yaml", "service:api", "defines", True),
            ("compose:compose.yaml", "service:db", "defines", True),
            ("compose:compose.yaml", "service:proxy", "defines", True),
            ("compose:compose.yaml", "service:worker", "defines", True),
            ("job:image", "dockerfile:api/Dockerfile", "build", True),
            ("job:image", "dockerfile:web/Dockerfile", "build", True),
            ("job:image", "image:ghcr.io/acme/api", "build (computed tag)", True),
            ("job:image", "image:ghcr.io/acme/web", "push :latest", True),
            ("nginx:deploy/nginx/default.conf", "service:api", "proxies :3000", True),
            ("nginx:deploy/nginx/default.conf", "service:db", "proxies :5432", True),
            ("nginx:deploy/nginx/default.conf", "unresolved:?", "proxies legacy :8000", False),
            ("nginx:deploy/nginx/default.conf", "unresolved:?", "proxies status.example.com :443", False),
            ("service:api", "dockerfile:api/Dockerfile", "build (stage runtime)", True),
            ("service:api", "image:ghcr.io/acme/api", "runs :main", True),
            ("service:db", "image:postgres", "runs :16", True),
            ("service:proxy", "image:nginx", "runs :1.27", True),
            ("service:proxy", "nginx:deploy/nginx/default.conf", "mounts config", True),
            ("service:worker", "unresolved:?", "build", False),
            ("workflow:.github/workflows/release.yml", "compose:compose.yaml", "docker compose", True),
            ("workflow:.github/workflows/release.yml", "job:image", "runs", True),
        ]
    )
    reasons = sorted(e["reason"] for e in data["edges"] if not e["resolved"])  # type: ignore[attr-defined,index]
    assert reasons == [
        "build context 'worker' does not exist",
        "no compose service is called 'legacy'",
        "no compose service is called 'status.example.com'",
    ]


def test_the_good_project_map() -> None:
    assert sorted(_edges(_graph("good"))) == sorted(
        [
            ("compose:compose.yaml", "service:app", "defines", True),
            ("compose:compose.yaml", "service:db", "defines", True),
            ("compose:compose.yaml", "service:proxy", "defines", True),
            ("job:image", "dockerfile:app/Dockerfile", "build", True),
            ("job:image", "image:ghcr.io/acme/app", "build (computed tag)", True),
            ("nginx:nginx/default.conf", "service:app", "proxies :3000", True),
            ("service:app", "dockerfile:app/Dockerfile", "build", True),
            ("service:app", "image:ghcr.io/acme/app", "runs (interpolated tag)", True),
            ("service:db", "image:postgres", "runs :16.2", True),
            ("service:proxy", "image:nginx", "runs :1.27.0", True),
            ("service:proxy", "nginx:nginx/default.conf", "mounts config", True),
            ("workflow:.github/workflows/ci.yml", "job:image", "runs", True),
        ]
    )


def test_the_map_is_byte_identical_across_runs_and_hash_seeds() -> None:
    outs = set()
    for seed in ("0", "1", "12345"):
        for fmt in ("mermaid",):
            res = subprocess.run(
                [sys.executable, "-m", "deploylint", "map", str(PROJECTS / "shop"), "--format", fmt],
                capture_output=True,
                text=True,
                env={**os.environ, "PYTHONHASHSEED": seed},
                cwd=REPO,
                check=True,
            )
            outs.add(res.stdout)
    assert len(outs) == 1
    assert next(iter(outs)).startswith("flowchart LR\n")


HOSTILE = '"]-->x<script>alert(1)</script>\n'


def _hostile_project(tmp: Path) -> Path:
    (tmp / ".git").mkdir()
    name = 'evil"]-->x<script>'
    (tmp / "compose.yaml").write_text(f"services:\n  '{name}':\n    image: 'acme/app\"]<b>:1.0'\n    build: ./app\n")
    return tmp


def test_hostile_names_are_escaped_in_every_format(tmp_path: Path) -> None:
    root = _hostile_project(tmp_path)
    report = lint_paths([root], Settings(root=root.resolve(), select=["CORE"]))
    graph = build_graph(report)
    assert any("<script>" in n.label for n in graph.nodes.values())  # the planted name reached the model
    mermaid = to_mermaid(graph)
    body = [line for line in mermaid.splitlines() if not line.lstrip().startswith(("classDef", "class "))]
    for line in body[1:]:
        inner = line.split('"', 1)[1].rsplit('"', 1)[0] if '"' in line else ""
        assert '"' not in inner.replace('|"', "").replace('"|', "")
        assert "<" not in inner and "]" not in inner
    dot = to_dot(graph)
    statement = re.compile(r'  n\d+( -> n\d+)? \[label="(?:[^"\\\n]|\\.)*"(, \w+=(?:"[^"]*"|\w+))*\];')
    for line in dot.splitlines():
        if "label=" in line and not line.startswith("  node "):
            assert statement.fullmatch(line), line
    data = json.loads(json.dumps(to_data(graph)))
    assert any("<script>" in n["label"] for n in data["nodes"])  # JSON keeps the text, escaped by json
    import io

    from deploylint.reporters import ReportOptions
    from deploylint.reporters.html import render

    buf = io.StringIO()
    render(report, buf, ReportOptions())
    page = buf.getvalue()
    assert "<script>alert" not in page and 'evil"]' not in page
    assert page.count("<script") == 2  # the data element and the page's own script, nothing planted
