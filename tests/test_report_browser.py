"""The HTML report in a real browser: headless Chromium (Debian's package) loads the report of
fixtures/projects/shop from a file:// URL, runs its script, and the DOM is read back: the map's
nodes are drawn, the filters in the URL fragment hide what they should, a planted script does not
run, and the page starts no request (Chromium's net log, with a control page that does)."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from deploylint.engine import lint_paths
from deploylint.graph import build_graph, to_data
from deploylint.reporters import ReportOptions
from deploylint.reporters.html import render
from deploylint.settings import Settings
from tests._isolate import available, isolated

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs Debian's chromium)"),
]
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]


def chromium(url: str, *extra: str) -> str:
    assert CHROMIUM is not None
    proxy = [] if available() else ["--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>"]
    res = subprocess.run(
        isolated([CHROMIUM, *FLAGS, *proxy, *extra, url]), capture_output=True, text=True, timeout=120, check=False
    )
    return res.stdout


def _report(root: Path) -> tuple[str, dict[str, object]]:
    report = lint_paths([root], Settings(root=root.resolve()))
    buf = io.StringIO()
    render(report, buf, ReportOptions())
    return buf.getvalue(), to_data(build_graph(report))


def _rows(dom: str) -> list[tuple[str, str, bool]]:
    """(severity, path, hidden) of every finding row in the DOM."""
    out = []
    for m in re.finditer(r'<div class="finding"([^>]*)>', dom):
        attrs = m.group(1)
        sev = re.search(r'data-severity="([^"]*)"', attrs)
        path = re.search(r'data-path="([^"]*)"', attrs)
        assert sev is not None and path is not None
        out.append((sev.group(1), path.group(1), " hidden" in attrs))
    return out


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    page, graph = _report(REPO / "fixtures" / "projects" / "shop")
    out = tmp_path_factory.mktemp("report") / "report.html"
    out.write_text(page, encoding="utf-8")
    return out, graph


def test_the_map_is_drawn_and_every_finding_listed(shop: tuple[Path, dict[str, object]]) -> None:
    page, graph = shop
    dom = chromium(page.as_uri(), "--dump-dom")
    assert 'data-ready="true"' in dom  # the page's script ran to the end
    assert dom.count('<g class="node"') == len(graph["nodes"])  # type: ignore[arg-type]
    rows = _rows(dom)
    data = json.loads(page.read_text().split('id="report-data">', 1)[1].split("</script>", 1)[0])
    assert len(rows) == len(data["findings"]) > 0
    assert all(not hidden for _, _, hidden in rows)


def test_filters_in_the_fragment_hide_what_they_should(shop: tuple[Path, dict[str, object]]) -> None:
    page, _graph = shop
    rows = _rows(chromium(page.as_uri() + "#severity=error", "--dump-dom"))
    assert {sev for sev, _, hidden in rows if not hidden} == {"error"}
    assert any(hidden for sev, _, hidden in rows if sev != "error")
    target = next(p for _, p, _ in rows if p.endswith("compose.yaml"))
    rows = _rows(chromium(page.as_uri() + "#severity=error,warning,info&file=" + target, "--dump-dom"))
    shown = {p for _, p, hidden in rows if not hidden}
    assert shown == {target}


def test_a_screenshot_is_taken(shop: tuple[Path, dict[str, object]], tmp_path: Path) -> None:
    page, _graph = shop
    png = tmp_path / "report.png"
    chromium(page.as_uri(), f"--screenshot={png}", "--window-size=1400,1000")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _page_requests(netlog: Path) -> list[str]:
    """URLs the page asked for (the browser's own background requests carry no origin)."""
    log = json.loads(netlog.read_text())
    names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    out = []
    for e in log["events"]:
        params = e.get("params", {})
        if names.get(e["type"]) != "URL_REQUEST_START_JOB" or "url" not in params:
            continue  # other events, and the end of a request (no params)
        if params.get("initiator") != "not an origin":
            out.append(params["url"])
    return out


def test_no_request_leaves_the_page(shop: tuple[Path, dict[str, object]], tmp_path: Path) -> None:
    page, _graph = shop
    log = tmp_path / "net.json"
    chromium(page.as_uri(), "--dump-dom", f"--log-net-log={log}")
    assert _page_requests(log) == []
    control = tmp_path / "control.html"
    control.write_text('<!DOCTYPE html><img src="http://127.0.0.1:9/pixel.png">')
    control_log = tmp_path / "control.json"
    chromium(control.as_uri(), "--dump-dom", f"--log-net-log={control_log}")
    assert _page_requests(control_log) == ["http://127.0.0.1:9/pixel.png"]  # the detector does see one


def test_a_planted_script_does_not_run(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    evil = "<img src=x onerror=document.body.dataset.pwned=1>"
    (tmp_path / "compose.yaml").write_text(f"services:\n  '{evil}':\n    image: 'acme/app:1.0'\n")
    page, _graph = _report(tmp_path)
    out = tmp_path / "report.html"
    out.write_text(page, encoding="utf-8")
    dom = chromium(out.as_uri(), "--dump-dom")
    assert 'data-ready="true"' in dom
    assert "onerror=document" in dom  # shown as text...
    assert "data-pwned" not in dom  # ...and never run
